/**
 * The active language's messages, usable everywhere (components, tables of labels, helpers).
 *
 * Every string a person reads goes through `t`, with its English text as `defaultMessage`
 * (ICU message syntax: plurals, selects, placeholders) and a stable `id` whose first segment
 * names its catalog file ("dashboard.title" lives in messages/<locale>/dashboard.json).
 * `msg` only marks a descriptor for extraction, for tables translated later with `t`.
 * The provider (I18nProvider) switches the language and remounts the app, so whatever was
 * rendered with `t` is rendered again in the new language.
 */
import { createIntl, createIntlCache, type IntlShape, type MessageDescriptor } from "react-intl";
import { DEFAULT_LOCALE, type Locale } from "./locales";

export type Message = MessageDescriptor & { id: string; defaultMessage: string };
export type Values = Record<string, string | number | boolean | Date | null | undefined>;

const cache = createIntlCache();

function make(locale: Locale, messages: Record<string, string>): IntlShape {
  return createIntl(
    {
      locale,
      defaultLocale: DEFAULT_LOCALE,
      messages,
      // A message missing from a catalog falls back to English; the catalog check in
      // `npm run i18n:check` is what keeps that from happening.
      onError: () => {},
    },
    cache,
  );
}

let current: IntlShape = make(DEFAULT_LOCALE, {});

export function activate(locale: Locale, messages: Record<string, string>): void {
  current = make(locale, messages);
}

export function activeLocale(): Locale {
  return current.locale as Locale;
}

export function t(message: Message, values?: Values): string {
  return current.formatMessage(message, values as Record<string, string | number | boolean | Date>);
}

export function msg<T extends Message>(message: T): T {
  return message;
}

const listFormats = new Map<string, Intl.ListFormat>();

/** A list in the active language ("A, B and C", "A, B et C"), with one formatter per kind. */
export function formatList(items: string[], type: "conjunction" | "disjunction" = "conjunction"): string {
  const key = `${activeLocale()}|${type}`;
  let format = listFormats.get(key);
  if (!format) {
    format = new Intl.ListFormat(activeLocale(), { style: "long", type });
    listFormats.set(key, format);
  }
  return format.format(items);
}
