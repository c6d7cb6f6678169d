// The e2e harness: a fresh SQLite database, users made with the CLI, a network made through
// the REST API as an admin, the real API serving the built SPA, and worker passes on demand.
// Every wait is bounded so a run can never hang.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
export const FRONTEND = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO = resolve(FRONTEND, "..");
const DRUMBEAT = join(REPO, ".venv", "bin", "drumbeat");
const PYTHON = join(REPO, ".venv", "bin", "python");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const PASSWORD = "e2e-password-123";

export const USERS = {
  admin: { email: "admin@e2e.example", name: "Site Admin" },
  coordinator: { email: "amina@e2e.example", name: "Amina Coordinator" },
  member: { email: "joseph@e2e.example", name: "Joseph Member" },
  other: { email: "maria@e2e.example", name: "Maria Member" },
};

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

export async function startStack() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  if (!existsSync(join(FRONTEND, "dist", "index.html")))
    throw new Error("frontend/dist is not built: run `make frontend` (or npm run build) first");
  const dir = mkdtempSync(join(tmpdir(), "drumbeat-e2e-"));
  const env = {
    ...process.env,
    DRUMBEAT_DATABASE_URL: `sqlite+aiosqlite:///${join(dir, "e2e.db")}`,
    DRUMBEAT_OUTBOX_DIR: join(dir, "outbox"),
    DRUMBEAT_FRONTEND_DIST: join(FRONTEND, "dist"),
    DRUMBEAT_WEBHOOKS_ALLOW_PRIVATE: "true",
  };
  const cli = async (args, timeout = 60_000) => {
    try {
      return await run(DRUMBEAT, args, { env, cwd: REPO, timeout });
    } catch (error) {
      // Keep the failure readable: the command and the end of its output, not every frame.
      const tail = String(error.stderr ?? "")
        .trim()
        .split("\n")
        .slice(-6)
        .join("\n");
      throw new Error(
        `drumbeat ${args.join(" ")} failed (${error.killed ? "timed out" : `exit ${error.code}`}):\n${tail}`,
      );
    }
  };
  await cli(["migrate"]);
  for (const [key, u] of Object.entries(USERS)) {
    await cli([
      "create-user",
      "--email",
      u.email,
      "--password",
      PASSWORD,
      "--name",
      u.name,
      ...(key === "admin" ? ["--admin"] : []),
    ]);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // Links in emails (reminders' one-click actions, invitations) point at this stack.
  env.DRUMBEAT_PUBLIC_URL = base;
  const api = spawn(DRUMBEAT, ["api", "--port", String(port)], {
    env,
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
    detached: false,
  });
  let log = "";
  api.stdout.on("data", (d) => (log += d));
  api.stderr.on("data", (d) => (log += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (api.exitCode !== null || Date.now() > deadline) {
      api.kill("SIGKILL");
      throw new Error(`The API did not start on ${base}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stack = {
    dir,
    base,
    env,
    apiLog: () => log,
    /** One worker pass (detection + delivery) at `now`. */
    async worker(now = new Date()) {
      // --now takes whole seconds: round up, so what was queued a moment ago is due.
      const at = new Date(Math.ceil(now.getTime() / 1000) * 1000 + 1000);
      const { stdout } = await cli(["worker", "--once", "--now", at.toISOString().replace(/\.\d+Z$/, "Z")], 90_000);
      return stdout;
    },
    /**
     * The emails in the outbox as { to, subject, text, html }, oldest first. Python's own email
     * parser reads them, so quoted-printable and base64 bodies come out as plain text.
     */
    async mails() {
      const folder = env.DRUMBEAT_OUTBOX_DIR;
      if (!existsSync(folder)) return [];
      const files = readdirSync(folder)
        .filter((f) => f.endsWith(".eml"))
        .map((f) => join(folder, f))
        .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
      if (!files.length) return [];
      const script = [
        "import email, email.policy, json, sys",
        "out = []",
        "for path in sys.argv[1:]:",
        "    with open(path, 'rb') as f:",
        "        m = email.message_from_binary_file(f, policy=email.policy.default)",
        "    body = m.get_body(preferencelist=('plain', 'html'))",
        "    markup = m.get_body(preferencelist=('html',))",
        "    out.append({'to': str(m['To']), 'subject': str(m['Subject']), 'text': body.get_content() if body else '',",
        "                'html': markup.get_content() if markup else ''})",
        "print(json.dumps(out))",
      ].join("\n");
      const { stdout } = await run(PYTHON, ["-c", script, ...files], { timeout: 30_000 });
      return JSON.parse(stdout);
    },
    /** The last link with this path prefix ("/invitations/") in an email to `address`. */
    async linkFor(address, prefix) {
      const mails = (await this.mails()).filter((m) => m.to.toLowerCase().includes(address.toLowerCase()));
      const re = new RegExp(`https?://[^\\s"'<>]*${prefix}([A-Za-z0-9_\\-.~%]+)`, "g");
      let last = null;
      for (const m of mails) for (const hit of m.text.matchAll(re)) last = { url: hit[0], token: hit[1] };
      return last;
    },
    async stop() {
      if (api.exitCode === null) {
        api.kill("SIGTERM");
        await Promise.race([new Promise((r) => api.once("exit", r)), new Promise((r) => setTimeout(r, 5000))]);
        if (api.exitCode === null) api.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** A tiny REST client with a cookie jar and the CSRF token, for seeding as the admin. */
export async function restSession(base, email, password = PASSWORD) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!login.ok) throw new Error(`login ${email}: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrf_token } = await login.json();
  return async (method, path, body) => {
    const r = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { Cookie: cookie, "X-CSRF-Token": csrf_token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

export async function seedNetwork(stack) {
  const base = stack.base;
  const call = await restSession(base, USERS.admin.email);
  const network = await call("POST", "/networks", {
    name: "GFF Civil Society Coordination Group",
    slug: "gff-csc-e2e",
    description: "Global civil-society engagement in the Global Financing Facility.",
    timezone: "Africa/Nairobi",
    reminders_since: new Date(Date.now() - 365 * 86_400_000).toISOString(),
  });
  await call("POST", `/networks/${network.id}/members`, { email: USERS.coordinator.email, role: "coordinator" });
  await call("POST", `/networks/${network.id}/members`, { email: USERS.member.email, role: "member" });
  await call("POST", `/networks/${network.id}/members`, { email: USERS.other.email, role: "member" });
  // Since the accounts API (issue 13), adding by email sends an invitation instead: let each
  // person accept theirs, as they would from the email.
  const members = await call("GET", `/networks/${network.id}/members?limit=200`);
  const missing = [USERS.coordinator, USERS.member, USERS.other].filter(
    (u) => !members.items.some((m) => m.email === u.email),
  );
  if (missing.length) {
    await stack.worker(new Date());
    for (const u of missing) {
      const link = await stack.linkFor(u.email, "/invitations/");
      if (!link) throw new Error(`no invitation email for ${u.email}`);
      const as = await restSession(base, u.email);
      await as("POST", `/invitations/${link.token}/accept`, {});
    }
  }
  return network;
}
