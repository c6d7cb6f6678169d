/** The language switcher for people not signed in (the profile page saves it for those who are). */
import { useEffect, useId } from "react";
import { LOCALES, LOCALE_NAMES, isLocale, t, useLocale } from "../i18n";

export function LanguagePicker() {
  const { locale, setLocale } = useLocale();
  const id = useId();
  return (
    <div className="language-picker">
      <label htmlFor={id}>{t({ id: "common.language", defaultMessage: "Language" })}</label>
      <select id={id} value={locale} onChange={(e) => isLocale(e.target.value) && setLocale(e.target.value)}>
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Once the session is known, the app speaks the language saved in the profile (the browser's
 * language, the provider's default, applies when the profile has none).
 */
export function useSessionLanguage(language: string | null | undefined): void {
  const { locale, setLocale } = useLocale();
  useEffect(() => {
    if (isLocale(language) && language !== locale) setLocale(language);
  }, [language, locale, setLocale]);
}
