/**
 * Messages compiled at build time, so the browser formats them without parsing them.
 *
 * Every message is ICU text: the English one is the `defaultMessage` written in the code, the
 * others come from src/i18n/messages/<locale>/<area>.json. react-intl parses each one the
 * first time it is shown, with a parser that is a fifth of the i18n code and, on a phone, a
 * good share of the time before the first page appears. react-intl also takes a message
 * already parsed (its syntax tree), so this plugin parses them all here instead:
 *
 * - each `defaultMessage: "…"` string literal in src/ becomes its syntax tree;
 * - each catalog file becomes a catalog of syntax trees;
 * - and the parser is replaced by the variant of its package that cannot parse
 *   ("no-parser"), so it is not shipped at all.
 *
 * A message that cannot be parsed fails the build with its file and text. Build only: the dev
 * server and the tests keep the parser and the plain strings.
 */
import { parse } from "@formatjs/icu-messageformat-parser";
import { dirname, join, sep } from "node:path";
import type { Plugin } from "vite";

const PARSER = "@formatjs/icu-messageformat-parser";
// A double-quoted literal right after `defaultMessage:` (Prettier writes every string so;
// the formatjs lint rules require a literal there).
const DEFAULT_MESSAGE = /(\bdefaultMessage:\s*)("(?:[^"\\\n]|\\.)*")/g;
const SOURCE = /\.(ts|tsx)$/;
const CATALOG = /[\\/]src[\\/]i18n[\\/]messages[\\/][^\\/]+[\\/][^\\/]+\.json$/;

function compile(text: string, where: string): string {
  try {
    return JSON.stringify(parse(text));
  } catch (error) {
    throw new Error(`${where}: the message ${JSON.stringify(text)} is not valid ICU text (${String(error)})`);
  }
}

export function precompiledMessages(): Plugin {
  return {
    name: "drumbeat:precompiled-messages",
    apply: "build",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (source !== PARSER) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved) return null;
      return { ...resolved, id: join(dirname(resolved.id), "no-parser.js") };
    },
    transform(code, id) {
      const path = id.split("?")[0] ?? id;
      if (CATALOG.test(path)) {
        const catalog = JSON.parse(code) as Record<string, string>;
        const compiled = Object.entries(catalog).map(
          ([key, text]) => `${JSON.stringify(key)}:${compile(text, `${path} (${key})`)}`,
        );
        return { code: `{${compiled.join(",")}}`, map: null };
      }
      if (!SOURCE.test(path) || !path.includes(`${sep}src${sep}`) || path.includes(".test.")) return null;
      if (!code.includes("defaultMessage")) return null;
      return {
        code: code.replace(DEFAULT_MESSAGE, (_match, key: string, literal: string) => {
          const text = JSON.parse(literal) as string;
          return `${key}${compile(text, path)}`;
        }),
        map: null,
      };
    },
  };
}
