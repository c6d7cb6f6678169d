/** Catalogs load per language, on demand: one language's files, never all of them. */
import type { Locale } from "./locales";

const files = import.meta.glob<Record<string, string>>("./messages/*/*.json", { import: "default" });

export async function loadMessages(locale: Locale): Promise<Record<string, string>> {
  // English is the source text (each message's defaultMessage): nothing to load.
  if (locale === "en") return {};
  const prefix = `./messages/${locale}/`;
  const parts = await Promise.all(
    Object.entries(files)
      .filter(([path]) => path.startsWith(prefix))
      .map(([, load]) => load()),
  );
  return Object.assign({}, ...parts) as Record<string, string>;
}
