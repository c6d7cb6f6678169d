/** The languages Drumbeat speaks, and which one a person gets. */
export const LOCALES = ["en", "fr", "es", "pt", "ar"] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = "en";

/** Each language's own name for itself, as a language switcher shows it. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  fr: "Français",
  es: "Español",
  pt: "Português",
  ar: "العربية",
};

const RTL: ReadonlySet<Locale> = new Set<Locale>(["ar"]);

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function direction(locale: Locale): "rtl" | "ltr" {
  return RTL.has(locale) ? "rtl" : "ltr";
}

/**
 * The first of the given language tags ("fr-SN", "pt-BR", "ar") that Drumbeat speaks, by its
 * primary subtag; English when none is. A profile's saved language goes first, then the
 * browser's preferences.
 */
export function resolveLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const tag of candidates) {
    const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}
