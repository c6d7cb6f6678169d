#!/usr/bin/env node
/**
 * The catalogs' check (`npm run i18n:check`, part of `make test`).
 *
 * Extracts every message from the source (t() and msg() calls, with @formatjs/cli) and fails
 * when, for any language other than English (whose text is each message's defaultMessage):
 *   - an id used in the source is missing from its catalog file;
 *   - a catalog holds an id that no source uses;
 *   - an id sits in the wrong file (the id's first segment names the file: `dashboard.title`
 *     lives in messages/<locale>/dashboard.json);
 *   - a file is not a flat object of strings with its keys sorted;
 *   - a message, English or translated, is not valid ICU MessageFormat;
 *   - a translation's placeholders (arguments, plural/select variables, tags) differ from
 *     the English ones.
 *
 * Every area found in the source is enforced. `--areas a,b` limits the check to some areas
 * (for a helper translating only those); `make test` runs it without, on everything.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, TYPE } from "@formatjs/icu-messageformat-parser";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const messagesDir = join(root, "src", "i18n", "messages");
const LOCALES = ["fr", "es", "pt", "ar"];

function option(name) {
  const i = process.argv.indexOf(name);
  if (i === -1) return null;
  return process.argv[i + 1] ?? "";
}

/** The English messages, id → defaultMessage, as the extractor sees them. */
export function extractEnglish() {
  const out = execFileSync(
    join(root, "node_modules", ".bin", "formatjs"),
    [
      "extract",
      "src/**/*.{ts,tsx}",
      "--ignore",
      "src/**/*.test.*",
      "--ignore",
      "src/test/**",
      "--additional-function-names",
      "t,msg",
      "--format",
      "simple",
    ],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(out);
}

/** Every placeholder name a message uses: arguments, plural/select variables and tags. */
export function placeholders(message) {
  const names = new Set();
  const walk = (nodes) => {
    for (const node of nodes) {
      switch (node.type) {
        case TYPE.argument:
        case TYPE.number:
        case TYPE.date:
        case TYPE.time:
          names.add(node.value);
          break;
        case TYPE.plural:
        case TYPE.select:
          names.add(node.value);
          for (const option of Object.values(node.options)) walk(option.value);
          break;
        case TYPE.tag:
          names.add(`<${node.value}>`);
          walk(node.children);
          break;
        default:
          break;
      }
    }
  };
  walk(parse(message));
  return names;
}

const areaOf = (id) => id.split(".")[0];
const same = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
const show = (set) => (set.size ? [...set].sort().join(", ") : "none");

export function check(english, catalogs, areas) {
  const problems = [];
  const enforced = (id) => !areas || areas.has(areaOf(id));
  const englishPlaceholders = new Map();
  for (const [id, text] of Object.entries(english)) {
    if (!/^[a-z][a-zA-Z0-9_]*(\.[a-zA-Z0-9_]+)+$/.test(id)) problems.push(`${id}: an id is "<area>.<key>" in letters`);
    try {
      englishPlaceholders.set(id, placeholders(text));
    } catch (error) {
      problems.push(`${id} (English): does not parse: ${error.message}`);
    }
  }
  for (const locale of LOCALES) {
    const files = catalogs[locale] ?? {};
    const seen = new Map();
    for (const [file, content] of Object.entries(files)) {
      const where = `${locale}/${file}.json`;
      if (typeof content !== "object" || content === null || Array.isArray(content)) {
        problems.push(`${where}: not a JSON object`);
        continue;
      }
      const keys = Object.keys(content);
      const sorted = [...keys].sort();
      if (keys.some((k, i) => k !== sorted[i])) problems.push(`${where}: keys are not sorted`);
      for (const [id, text] of Object.entries(content)) {
        if (areaOf(id) !== file) problems.push(`${where}: ${id} belongs in ${locale}/${areaOf(id)}.json`);
        if (typeof text !== "string") {
          problems.push(`${where}: ${id} is not a string`);
          continue;
        }
        seen.set(id, text);
        if (!(id in english)) {
          problems.push(`${where}: ${id} is not used in the source (remove it)`);
          continue;
        }
        let names;
        try {
          names = placeholders(text);
        } catch (error) {
          problems.push(`${where}: ${id} does not parse: ${error.message}`);
          continue;
        }
        const expected = englishPlaceholders.get(id);
        if (expected && !same(names, expected))
          problems.push(`${where}: ${id} has placeholders ${show(names)}; English has ${show(expected)}`);
      }
    }
    for (const id of Object.keys(english)) {
      if (enforced(id) && !seen.has(id)) problems.push(`${locale}/${areaOf(id)}.json: ${id} is missing`);
    }
  }
  return problems;
}

function readCatalogs() {
  const catalogs = {};
  for (const locale of LOCALES) {
    const dir = join(messagesDir, locale);
    catalogs[locale] = {};
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
      const path = join(dir, name);
      try {
        catalogs[locale][name.replace(/\.json$/, "")] = JSON.parse(readFileSync(path, "utf8"));
      } catch (error) {
        catalogs[locale][name.replace(/\.json$/, "")] = null;
        console.error(`${relative(root, path)}: not valid JSON: ${error.message}`);
        process.exitCode = 1;
      }
    }
  }
  return catalogs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = option("--areas");
  const areas = only ? new Set(only.split(",").map((a) => a.trim())) : null;
  const english = extractEnglish();
  const problems = check(english, readCatalogs(), areas);
  const count = Object.keys(english).length;
  const areaCount = new Set(Object.keys(english).map(areaOf)).size;
  if (problems.length) {
    for (const p of problems) console.error(p);
    console.error(`i18n check: ${problems.length} problem(s) in ${count} messages (${areaCount} areas).`);
    process.exitCode = 1;
  } else if (!process.exitCode) {
    const scope = areas ? `areas ${[...areas].join(", ")}` : `all ${areaCount} areas`;
    console.log(`i18n check: ${count} messages, ${LOCALES.join("/")} complete for ${scope}.`);
  }
}
