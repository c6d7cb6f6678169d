/** Toasts announced to screen readers through one polite live region. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { useLocale } from "../i18n";

/**
 * A toast's words: a text, or a function that gives them, called at each render so that a
 * toast still shown after a language switch reads in the new language.
 */
export type ToastText = string | (() => string);
type Toast = { id: number; text: ToastText; tone: "info" | "error" };
type ToastApi = { notify: (text: ToastText) => void; fail: (text: ToastText) => void };

const ToastContext = createContext<ToastApi>({ notify: () => {}, fail: () => {} });

/**
 * Holds the toasts. The app places it around the part I18nProvider remounts on a language
 * switch (its `around`), so a switch neither drops a toast nor leaves it in the old language.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  // The language is read so that a switch renders the toasts again, in the new language.
  useLocale();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((text: ToastText, tone: Toast["tone"]) => {
    const id = Date.now() + Math.random();
    setToasts((t) => [...t.slice(-3), { id, text, tone }]);
    window.setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 6000);
  }, []);
  const value = useMemo(
    () => ({ notify: (text: ToastText) => push(text, "info"), fail: (text: ToastText) => push(text, "error") }),
    [push],
  );
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite" aria-atomic="false">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.tone}`}>
            {typeof t.text === "function" ? t.text() : t.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  return useContext(ToastContext);
}
