export { I18nProvider, initialLocale, useLocale } from "./I18nProvider";
export { DEFAULT_LOCALE, LOCALES, LOCALE_NAMES, direction, isLocale, resolveLocale, type Locale } from "./locales";
export { activeLocale, formatList, msg, t, type Message, type Values } from "./translate";
