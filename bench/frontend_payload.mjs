#!/usr/bin/env node
// Prints the web app's initial JavaScript payload: every script and modulepreload that
// frontend/dist/index.html names, gzipped (level 9) and summed. Lazy route chunks are not
// counted: they load when a page needs them.
//   node bench/frontend_payload.mjs [--max-kb 250]   (exits 1 when over the budget)
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "..", "frontend", "dist");
const html = readFileSync(join(dist, "index.html"), "utf8");
const srcs = new Set();
for (const m of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) srcs.add(m[1]);
for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) srcs.add(m[1]);
for (const m of html.matchAll(/<link[^>]*href="([^"]+)"[^>]*rel="modulepreload"/g)) srcs.add(m[1]);

let raw = 0;
let gz = 0;
for (const src of srcs) {
  const bytes = readFileSync(join(dist, src.replace(/^\//, "")));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += zipped;
  console.log(`  ${src}  ${(bytes.length / 1024).toFixed(1)} KB raw, ${(zipped / 1024).toFixed(1)} KB gzipped`);
}
const kb = gz / 1024;
console.log(`Initial JS payload: ${kb.toFixed(1)} KB gzipped (${(raw / 1024).toFixed(1)} KB raw) in ${srcs.size} files`);
const i = process.argv.indexOf("--max-kb");
if (i > 0) {
  const max = Number(process.argv[i + 1]);
  if (kb > max) {
    console.error(`Over the budget of ${max} KB gzipped.`);
    process.exit(1);
  }
}
