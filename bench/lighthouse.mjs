#!/usr/bin/env node
// Lighthouse (mobile profile: simulated slow 4G and 4x CPU slowdown) on the demo dashboard, as
// a coordinator sees it, served the way `make run` serves it: a fresh SQLite database under a
// temporary folder, migrated, the demo data loaded and one worker pass run, then the API
// serving the built web app (frontend/dist) on a free port.
//   node bench/lighthouse.mjs [--runs 3] [--save report.json] [--cpu-slowdown 4]
// (needs `make install` and `make frontend` first; --save keeps the last run's full report).
// The 4x CPU slowdown models a mid-range phone on a fast desktop. On a slower or busy machine
// (Lighthouse's benchmark index, printed, well under 1000) it models a slower phone than that:
// Lighthouse's guide to throttling suggests a smaller multiplier there; the figures say which.
// Prints each run and the median: performance score, FCP, LCP, TBT, JavaScript transferred and
// how often the page asked for /api/v1/auth/session. Not part of `make test`; figures in RESULTS.md.
import { execFileSync, spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const drumbeat = join(repo, ".venv", "bin", "drumbeat");
const lighthouse = join(repo, "frontend", "node_modules", ".bin", "lighthouse");
const chrome = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const COORDINATOR = {
  email: "amina@gff-csc.example",
  password: "drumbeat-demo",
};
const NETWORK = "GFF";

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function waitUntilReady(base, api) {
  for (let i = 0; i < 900; i++) {
    if (api.exitCode !== null)
      throw new Error(`the API exited with ${api.exitCode}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the API did not become ready within 90 s");
}

/** Signs the coordinator in; returns the session cookie and the dashboard's address. */
async function signIn(base) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(COORDINATOR),
  });
  if (!login.ok)
    throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const networks = await (
    await fetch(`${base}/api/v1/networks`, { headers: { Cookie: cookie } })
  ).json();
  const network = networks.items.find((n) => n.name.includes(NETWORK));
  if (!network) throw new Error(`no demo network named like ${NETWORK}`);
  return { cookie, url: `${base}/networks/${network.id}` };
}

function audit(url, cookie, folder, run, cpuSlowdown) {
  const output = join(folder, `run-${run}.json`);
  execFileSync(
    lighthouse,
    [
      url,
      "--only-categories=performance",
      "--output=json",
      `--output-path=${output}`,
      "--quiet",
      `--throttling.cpuSlowdownMultiplier=${cpuSlowdown}`,
      `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
      "--chrome-flags=--headless --no-sandbox --disable-background-networking",
    ],
    {
      env: { ...process.env, CHROME_PATH: chrome },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const report = JSON.parse(readFileSync(output, "utf8"));
  const audits = report.audits;
  const scripts = audits["resource-summary"].details.items.find(
    (i) => i.resourceType === "script",
  );
  const requests = audits["network-requests"].details.items;
  if (report.runtimeError)
    throw new Error(`lighthouse: ${report.runtimeError.message}`);
  return {
    performance: report.categories.performance.score,
    fcp: audits["first-contentful-paint"].numericValue,
    lcp: audits["largest-contentful-paint"].numericValue,
    tbt: audits["total-blocking-time"].numericValue,
    jsKb: (scripts?.transferSize ?? 0) / 1024,
    meRequests: requests.filter(
      (r) => new URL(r.url).pathname === "/api/v1/auth/session",
    ).length,
    finalUrl: report.finalDisplayedUrl,
    benchmarkIndex: report.environment.benchmarkIndex,
    output,
  };
}

function line(label, r) {
  return (
    `${label}: performance ${r.performance.toFixed(2)}, FCP ${(r.fcp / 1000).toFixed(2)} s, ` +
    `LCP ${(r.lcp / 1000).toFixed(2)} s, TBT ${Math.round(r.tbt)} ms, ` +
    `JS transferred ${r.jsKb.toFixed(1)} KB, /auth/session requests ${r.meRequests}, ` +
    `benchmark index ${Math.round(r.benchmarkIndex)}`
  );
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const runs = Number(option("runs", "3"));
  const cpuSlowdown = Number(option("cpu-slowdown", "4"));
  for (const [what, path] of [
    ["the Python environment (make install)", drumbeat],
    ["the lighthouse package (cd frontend && npm ci)", lighthouse],
    [
      "the built web app (make frontend)",
      join(repo, "frontend", "dist", "index.html"),
    ],
    [`Chromium at ${chrome} (apt-get install -y chromium)`, chrome],
  ]) {
    if (!existsSync(path)) throw new Error(`missing ${what}`);
  }
  const folder = mkdtempSync(join(tmpdir(), "drumbeat-lighthouse-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DRUMBEAT_DATABASE_URL: `sqlite+aiosqlite:///${join(folder, "drumbeat.sqlite3")}`,
    DRUMBEAT_OUTBOX_DIR: join(folder, "outbox"),
    DRUMBEAT_PUBLIC_URL: base,
  };
  const quiet = { cwd: repo, env, stdio: ["ignore", "ignore", "inherit"] };
  execFileSync(drumbeat, ["migrate"], quiet);
  execFileSync(drumbeat, ["demo"], quiet);
  // One detection pass, so the dashboard shows the findings it would under `make run`.
  execFileSync(drumbeat, ["worker", "--once"], quiet);
  // The access log would drown the figures: it goes to a file, shown if the API fails.
  const log = join(folder, "api.log");
  const api = spawn(
    drumbeat,
    ["api", "--host", "127.0.0.1", "--port", String(port)],
    {
      ...quiet,
      stdio: ["ignore", openSync(log, "w"), openSync(log, "a")],
    },
  );
  try {
    await waitUntilReady(base, api);
    const { cookie, url } = await signIn(base);
    console.log(
      `Lighthouse ${runs}x, mobile profile (CPU slowdown ${cpuSlowdown}x), on ${url}`,
    );
    const results = [];
    for (let run = 1; run <= runs; run++) {
      const result = audit(url, cookie, folder, run, cpuSlowdown);
      if (new URL(result.finalUrl).pathname !== new URL(url).pathname) {
        throw new Error(
          `the page ended on ${result.finalUrl}, not the dashboard (signed out?)`,
        );
      }
      results.push(result);
      console.log(line(`  run ${run}`, result));
    }
    const save = option("save", null);
    if (save) copyFileSync(results.at(-1).output, save);
    const keys = [
      "performance",
      "fcp",
      "lcp",
      "tbt",
      "jsKb",
      "meRequests",
      "benchmarkIndex",
    ];
    console.log(
      line(
        "Median",
        Object.fromEntries(
          keys.map((k) => [k, median(results.map((r) => r[k]))]),
        ),
      ),
    );
  } catch (error) {
    if (api.exitCode !== null)
      console.error(
        readFileSync(log, "utf8").split("\n").slice(-20).join("\n"),
      );
    throw error;
  } finally {
    api.kill("SIGTERM");
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
