/** Holds the app's language: loads its catalog, sets <html lang dir>, remounts on change. */
import {
  createContext,
  Fragment,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ComponentType,
  type ReactNode,
} from "react";
import { loadMessages } from "./catalogs";
import { direction, resolveLocale, type Locale } from "./locales";
import { activate, activeLocale } from "./translate";

const STORAGE_KEY = "drumbeat.language";

interface LocaleState {
  locale: Locale;
  /** Switch the app's language (the caller saves it to the profile when signed in). */
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: "en", setLocale: () => {} });

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

function remembered(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The language before anyone signed in: the last one chosen here, else the browser's. */
export function initialLocale(): Locale {
  const browser = typeof navigator !== "undefined" ? [...(navigator.languages ?? []), navigator.language] : [];
  return resolveLocale(remembered(), ...browser);
}

export function I18nProvider({
  children,
  locale: initial,
  around: Around = Fragment,
}: {
  children: ReactNode;
  locale?: Locale;
  /**
   * What must outlive a language switch, wrapped around the part that is remounted: the
   * toasts, so that "Saved." from the profile that switched the language is still shown.
   */
  around?: ComponentType<{ children: ReactNode }>;
}) {
  const [wanted, setWanted] = useState<Locale>(() => initial ?? initialLocale());
  const [loaded, setLoaded] = useState<Locale | null>(wanted === "en" ? "en" : null);

  useEffect(() => {
    // Already active (English, which the app starts in and whose text is in the code): making
    // the formatter again would cost a slow phone a few tens of milliseconds for nothing.
    if (wanted === activeLocale() && wanted === loaded) return;
    let cancelled = false;
    void loadMessages(wanted).then(
      (messages) => {
        if (cancelled) return;
        activate(wanted, messages);
        setLoaded(wanted);
      },
      () => {
        // A catalog that cannot load (offline mid-switch): stay in the language we have.
        if (!cancelled) setWanted(loaded ?? "en");
      },
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new choice loads
  }, [wanted]);

  useEffect(() => {
    if (!loaded) return;
    document.documentElement.lang = loaded;
    document.documentElement.dir = direction(loaded);
  }, [loaded]);

  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this visit (and in the profile, when saved there).
    }
    setWanted(next);
  }, []);

  const value = useMemo(() => ({ locale: loaded ?? "en", setLocale }), [loaded, setLocale]);
  // Until the first catalog is in, render nothing rather than a flash of English.
  if (!loaded) return null;
  return (
    <LocaleContext.Provider value={value}>
      <Around>
        <Fragment key={loaded}>{children}</Fragment>
      </Around>
    </LocaleContext.Provider>
  );
}
