// bypassCSP lets the test inject axe-core as an inline script; the app itself runs under the API's CSP.
// End-to-end: Debian's Chromium (playwright-core) against the real API and worker on a fresh
// database. Run with `node --test e2e/run.mjs` after building dist/ (make test-frontend does).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { extractEnglish } from "../scripts/i18n-check.mjs";
import { CHROMIUM, FRONTEND, PASSWORD, USERS, restSession, seedNetwork, startStack } from "./harness.mjs";

const SHOTS = join(FRONTEND, "e2e", "screenshots");
// Screenshots for the docs are written only when asked for, so a test run leaves the tree alone.
const DOC_SHOTS = process.env.DRUMBEAT_SCREENSHOTS === "1" ? join(FRONTEND, "..", "docs", "screenshots") : null;
const AXE = readFileSync(join(FRONTEND, "node_modules", "axe-core", "axe.min.js"), "utf8");
const DAY = 86_400_000;

let stack;
let browser;
let network;
const state = {};
const a11y = [];

// A hard stop so that nothing can keep the run (and CI) waiting.
const hardStop = setTimeout(async () => {
  console.error("e2e: hard time limit reached, stopping");
  await stack?.stop().catch(() => {});
  await browser?.close().catch(() => {});
  process.exit(1);
}, 480_000);
hardStop.unref();

before(
  async () => {
    mkdirSync(SHOTS, { recursive: true });
    stack = await startStack();
    network = await seedNetwork(stack);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 30_000,
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-gpu",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-quic",
      ],
    });
  },
  { timeout: 150_000 },
);

after(async () => {
  await browser?.close().catch(() => {});
  await stack?.stop();
  clearTimeout(hardStop);
});

async function signIn(who, viewport = { width: 1280, height: 900 }) {
  const page = await freshPage(viewport);
  await page.goto(`${stack.base}/login`);
  await page.getByLabel("Email").fill(USERS[who].email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your networks" }).waitFor();
  return page;
}

const url = (path) => `${stack.base}/networks/${network.id}${path}`;

/** axe-core in the page; serious and critical violations fail the test. */
async function checkA11y(page, name) {
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
  await page.evaluate(() => document.fonts?.ready);
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  const serious = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  a11y.push({
    page: name,
    violations: result.length,
    serious: serious.length,
    ids: result.map((v) => `${v.id}(${v.impact})`),
  });
  assert.deepEqual(serious, [], `${name}: serious accessibility violations`);
}

async function shot(page, name) {
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, style: ".toasts { visibility: hidden; }" });
}

/** A 1280x800 picture of the screen for docs/screenshots/, when DRUMBEAT_SCREENSHOTS=1. */
async function docShot(page, name, focus = null) {
  if (!DOC_SHOTS) return;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
  if (focus) await focus.evaluate((el) => el.scrollIntoView({ block: "center" }));
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(DOC_SHOTS, `${name}.png`), style: ".toasts { visibility: hidden; }" });
}

/** A page in a new browser context (no cookies), as the tests' browser user sees it. */
async function freshPage(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({
    viewport,
    locale: "en-GB",
    timezoneId: "Europe/Amsterdam",
    bypassCSP: true,
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`[browser] ${e.message}`));
  return page;
}

function localInput(date) {
  const p = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T09:00`;
}

test("logs in, sees the network with its health, and logs out", { timeout: 30_000 }, async () => {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: "en-GB",
    bypassCSP: true,
  });
  const page = await context.newPage();
  await page.goto(`${stack.base}/networks/${network.id}/activities`);
  await page.waitForURL(/\/login\?next=/);
  await checkA11y(page, "login");
  await shot(page, "01-login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("Enter your email address.").waitFor();
  await page.getByLabel("Email").fill(USERS.coordinator.email);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("That email and password do not match").waitFor();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/activities$/);
  await page.goto(stack.base + "/");
  await page.getByRole("link", { name: network.name }).waitFor();
  await page.getByText("Follow-up rate").waitFor();
  await checkA11y(page, "networks");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
  await page.goto(`${stack.base}/`);
  await page.waitForURL(/\/login/);
  await context.close();
});

test("creates organisations, a held activity and a yearly series", { timeout: 60_000 }, async () => {
  const page = await signIn("coordinator");
  state.coordinator = page;
  await page.getByRole("link", { name: network.name }).click();
  await page.getByRole("heading", { name: network.name, level: 1 }).waitFor();

  await page.getByRole("navigation", { name: "Network" }).getByRole("link", { name: "Organisations" }).click();
  for (const [name, level] of [
    ["Wemos", "Global"],
    ["Malawi Health Equity Network", "National"],
  ]) {
    await page.getByLabel(/^Name/).fill(name);
    await page.getByLabel("Level").selectOption({ label: level });
    await page.getByRole("button", { name: "Add organisation" }).click();
    await page.getByRole("cell", { name, exact: true }).waitFor();
  }
  await checkA11y(page, "organisations");

  await page.getByRole("navigation", { name: "Network" }).getByRole("link", { name: "Activities" }).click();
  await page.getByRole("link", { name: "Record an activity" }).first().click();
  const start = new Date(Date.now() - 61 * DAY);
  await page.getByLabel("Title").fill("South-South learning visit");
  await page.getByLabel("Kind").selectOption({ label: "Exchange visit" });
  await page.getByLabel("Status").selectOption({ label: "Held" });
  await page.getByLabel("Starts").fill(localInput(start));
  await page.getByLabel("Ends").fill(localInput(new Date(start.getTime() - DAY)));
  await page.getByRole("button", { name: "Record activity" }).click();
  // The browser-side check puts the error next to its field.
  await page
    .locator('[data-field="ends_at"] .field-error')
    .getByText("The end must not be before the start.")
    .waitFor();
  await page.getByLabel("Ends").fill(localInput(new Date(start.getTime() + DAY)));
  // The API's problem+json field error lands next to its field too.
  await page.getByLabel("Country code").fill("ZZ");
  await page.getByRole("button", { name: "Record activity" }).click();
  await page.locator('[data-field="country"] .field-error').waitFor();
  await page.getByLabel("Country code").fill("MW");
  await page
    .getByRole("group", { name: /Facilitators/ })
    .getByLabel("Wemos")
    .check();
  await page
    .getByRole("group", { name: /Participants \(receive\)/ })
    .getByLabel("Malawi Health Equity Network")
    .check();
  await page
    .getByRole("group", { name: /Capacity areas/ })
    .getByLabel("Capacity to act")
    .check();
  await checkA11y(page, "activity-form");
  await page.getByRole("button", { name: "Record activity" }).click();
  await page.getByRole("heading", { name: "South-South learning visit", level: 1 }).waitFor();
  state.activityUrl = page.url();
  assert.match(state.activityUrl, new RegExp(`/networks/${network.id}/activities/[0-9a-f-]{36}$`));

  await page.getByRole("navigation", { name: "Network" }).getByRole("link", { name: "Series" }).click();
  await page.getByRole("link", { name: "New series" }).click();
  await page.getByLabel(/^Name/).fill("Annual network meeting");
  const first = new Date(Date.now() - 400 * DAY);
  await page.getByLabel("First meeting (local time)").fill(localInput(first));
  await page.getByLabel("Unit").selectOption("YEARLY");
  const preview = page.getByTestId("rule-preview");
  await preview.getByText(/^Every year on \d+ \w+ at 09:00$/).waitFor();
  assert.equal(await preview.locator("li").count(), 5);
  await checkA11y(page, "series-form");
  await shot(page, "06-series-form");
  await page.getByRole("button", { name: "Create series" }).click();
  await page.getByRole("heading", { name: "Annual network meeting", level: 1 }).waitFor();
  await page.locator('.timeline li[data-status="upcoming"]').first().waitFor();
  assert.match(page.url(), new RegExp(`/networks/${network.id}/series/[0-9a-f-]{36}$`));
  await checkA11y(page, "series-detail");
  state.seriesUrl = page.url();
});

test("a worker pass finds the missing follow-up; adding one resolves it", { timeout: 60_000 }, async () => {
  const page = state.coordinator;
  const out = await stack.worker(new Date());
  assert.match(out, /findings opened/);
  await page.goto(url(""));
  const group = page.getByRole("region", { name: /Open findings/ });
  await group.getByRole("heading", { name: /Activities without a follow-up/ }).waitFor();
  await group.getByText("has no follow-up yet").waitFor();
  await group.getByRole("heading", { name: /Missed meetings/ }).waitFor();
  await page
    .getByRole("region", { name: "Who owes a follow-up" })
    .getByText("South-South learning visit", { exact: false })
    .waitFor();
  await checkA11y(page, "dashboard");
  await shot(page, "02-dashboard");
  const findingLink = group
    .locator('li[data-kind="missing_follow_up"]')
    .getByRole("link", { name: "Details and reminders" });
  state.findingUrl = new URL(await findingLink.getAttribute("href"), stack.base).href;

  // The findings page, opened from the dashboard on the same status, lists it too.
  await group.getByRole("link", { name: "See all findings" }).click();
  await page.waitForURL(/\/findings\?status=open$/);
  await page.getByRole("heading", { name: "Findings", level: 1 }).waitFor();
  const row = page.getByRole("row").filter({ hasText: "Activity without a follow-up" });
  await row.getByRole("link", { name: "South-South learning visit" }).waitFor();
  await page.getByLabel("Search").fill("no such title");
  await page.getByText("No finding matches these filters.").waitFor();
  await page.getByLabel("Search").fill("South-South");
  await row.waitFor();
  await checkA11y(page, "findings");

  // The reminder emails' link: the activity with its follow-up form open and the cursor in it.
  await page.goto(`${state.activityUrl}?plan=follow-up`);
  const title = page.getByLabel("What will happen");
  await page.waitForFunction(() => document.activeElement?.getAttribute("name") === "title");
  await title.fill("Coaching call on the action plans");
  await page.getByRole("button", { name: "Add follow-up", exact: true }).click();
  await page.getByRole("region", { name: "Follow-ups" }).getByText("Coaching call on the action plans").waitFor();
  await checkA11y(page, "activity-detail");
  await shot(page, "04-activity-detail");

  await stack.worker(new Date());
  await page.goto(state.findingUrl);
  await page.getByText("resolved", { exact: true }).first().waitFor();
  await checkA11y(page, "finding");
  await page.goto(url(""));
  await page
    .getByRole("region", { name: /Open findings/ })
    .getByRole("heading", { name: /Missed meetings/ })
    .waitFor();
  assert.equal(await page.getByRole("heading", { name: /Activities without a follow-up/ }).count(), 0);
});

test(
  "the reminder email opens as HTML, and its 'Snooze a week' button snoozes the finding",
  { timeout: 60_000 },
  async () => {
    const mails = (await stack.mails()).filter(
      (m) => m.to.includes(USERS.coordinator.email) && m.subject.startsWith("Drumbeat:"),
    );
    assert.ok(mails.length, "the coordinator got a reminder email");
    const mail = mails[mails.length - 1];
    assert.ok(mail.html.includes("Snooze a week"), "the HTML part carries the one-click actions");

    // The HTML part as a mail client shows it: nothing may be fetched from anywhere.
    const reader = await freshPage();
    const fetched = [];
    await reader.route("**/*", (route) => {
      fetched.push(route.request().url());
      return route.abort();
    });
    await reader.setViewportSize({ width: 420, height: 900 });
    await reader.setContent(mail.html, { waitUntil: "load" });
    await reader.getByText("Hello Amina Coordinator,").waitFor();
    assert.deepEqual(fetched, [], "the email loads nothing remote");
    await reader.screenshot({ path: join(SHOTS, "08-reminder-email.png"), fullPage: true });
    if (DOC_SHOTS) await reader.screenshot({ path: join(DOC_SHOTS, "reminder-email.png"), fullPage: true });
    const snoozes = await reader
      .getByRole("link", { name: "Snooze a week" })
      .evaluateAll((links) => links.map((a) => a.href));
    await reader.context().close();

    // Following the link, as from a phone that is not signed in: a page that asks, and changes nothing.
    const phone = await freshPage();
    let snoozed = false;
    for (const href of snoozes) {
      await phone.goto(href);
      const button = phone.getByRole("button", { name: "Snooze a week" });
      if (!(await button.count())) continue; // resolved meanwhile (the follow-up added above)
      await phone.getByRole("heading", { name: "Snooze this finding for a week?" }).waitFor();
      await checkA11y(phone, "email-action");
      await button.click();
      await phone.getByRole("heading", { name: "Snoozed for a week" }).waitFor();
      const findingUrl = await phone.getByRole("link", { name: "Open the finding" }).getAttribute("href");
      await state.coordinator.goto(new URL(new URL(findingUrl).pathname, stack.base).href);
      await state.coordinator.getByText("Snoozed until", { exact: true }).waitFor();
      snoozed = true;
      break;
    }
    assert.ok(snoozed, "one finding of the email could be snoozed from it");
    await phone.context().close();
  },
);

test("a private reflection stays private", { timeout: 45_000 }, async () => {
  const joseph = await signIn("member");
  await joseph.goto(url("/reflections"));
  const secret = `Power sat with the funders today (${Date.now()}).`;
  await joseph.getByLabel(/^Reflection/).fill(secret);
  await joseph.getByRole("group", { name: "Tags" }).getByLabel("power").check();
  await joseph.getByLabel("Only me").check();
  await joseph.getByRole("button", { name: "Save reflection" }).click();
  await joseph.locator(".reflection-list").getByText(secret).waitFor();
  await checkA11y(joseph, "reflections");
  await shot(joseph, "07-reflections");

  const maria = await signIn("other");
  await maria.goto(url("/reflections"));
  await maria.getByRole("heading", { name: "Journal" }).waitFor();
  await maria.waitForLoadState("networkidle");
  assert.equal(await maria.getByText(secret).count(), 0, "another member must not see a private reflection");
  await state.coordinator.goto(url("/reflections"));
  await state.coordinator.getByRole("heading", { name: "Journal" }).waitFor();
  await state.coordinator.waitForLoadState("networkidle");
  assert.equal(await state.coordinator.getByText(secret).count(), 0, "a coordinator must not see it either");
  await maria.context().close();
  await joseph.context().close();
});

test(
  "coordinator settings: reminder policy, a webhook with a test delivery, an API key shown once",
  { timeout: 60_000 },
  async () => {
    const page = state.coordinator;
    let received = 0;
    const receiver = createServer((req, res) => {
      received += 1;
      req.resume();
      res.writeHead(204).end();
    });
    await new Promise((ok) => receiver.listen(0, "127.0.0.1", ok));
    try {
      await page.goto(url("/settings/reminders"));
      await page.getByLabel("Remind after (days)").fill("0, 3, 10");
      await page.getByRole("button", { name: "Save policy" }).click();
      await page.getByText("Reminder policy saved.").waitFor();
      await checkA11y(page, "settings-reminders");

      await page.goto(url("/settings/members"));
      await page.getByRole("cell", { name: /^Joseph Member joseph/ }).waitFor();
      await checkA11y(page, "settings-members");

      await page.goto(url("/settings/webhooks"));
      await page.getByLabel(/^Receiver URL/).fill(`http://127.0.0.1:${receiver.address().port}/drumbeat`);
      await page.getByRole("button", { name: "Add webhook" }).click();
      await page
        .getByTestId("secret")
        .getByText(/^whsec_/)
        .waitFor();
      await page.getByRole("button", { name: "I have stored it" }).click();
      await page.getByRole("button", { name: "Send test" }).click();
      await page.getByText("Test event queued").waitFor();
      await stack.worker(new Date());
      assert.ok(received >= 1, "the receiver got the test event");
      await page.reload();
      await page.getByRole("button", { name: "Deliveries" }).click();
      await page.getByText("succeeded").first().waitFor();
      await checkA11y(page, "settings-webhooks");
      await shot(page, "10-webhooks");

      await page.goto(url("/settings/api-keys"));
      await page.getByLabel(/^Name/).fill("Partner CRM sync");
      await page.getByRole("button", { name: "Create key" }).click();
      const key = (await page.getByTestId("secret").textContent()) ?? "";
      assert.ok(key.length > 20, "the key is shown once");
      await page.getByRole("button", { name: "I have stored it" }).click();
      const keyRow = page.locator("li", { hasText: "Partner CRM sync" });
      await keyRow.waitFor();
      assert.equal(await page.getByText(key).count(), 0, "the full key is not shown again");
      const me = await fetch(`${stack.base}/api/v1/networks/${network.id}/activities?limit=1`, {
        headers: { Authorization: `Bearer ${key}` },
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(me.status, 200, "the key reads the API");
      await checkA11y(page, "settings-api-keys");

      await page.goto(url("/settings/audit"));
      await page.getByRole("heading", { name: "Audit log" }).waitFor();
      await page.locator(".audit-list li").first().waitFor();
      await checkA11y(page, "settings-audit");
    } finally {
      receiver.close();
    }
  },
);

test("every main page passes axe and fits a phone", { timeout: 60_000 }, async () => {
  const page = state.coordinator;
  const pages = [
    ["activities", "/activities", "Activities"],
    ["series", "/series", "Series"],
    ["follow-ups", "/follow-ups", "Follow-ups"],
    ["insights", "/insights", "Insights"],
    ["settings", "/settings", "Settings"],
  ];
  for (const [name, path, heading] of pages) {
    await page.goto(url(path));
    await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
    await checkA11y(page, name);
    if (name === "activities" || name === "insights" || name === "settings")
      await shot(page, `0${name === "activities" ? 3 : name === "insights" ? 5 : 8}-${name}`);
  }
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "en-GB",
    bypassCSP: true,
    storageState: await page.context().storageState(),
  });
  const p = await phone.newPage();
  const phonePages = ["", "/activities", "/findings", "/series", "/organisations", "/insights", "/settings"];
  for (const path of [...phonePages, state.activityUrl]) {
    await p.goto(path.startsWith("http") ? path : url(path));
    await p.getByRole("heading", { level: 1 }).first().waitFor();
    await p.waitForLoadState("networkidle").catch(() => {});
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${path || "dashboard"} overflows a phone screen by ${overflow}px`);
  }
  await p.goto(url(""));
  await shot(p, "09-dashboard-phone");
  await phone.close();
  console.log(
    `axe: ${a11y.map((r) => `${r.page} ${r.serious}/${r.violations}${r.ids.length ? ` [${r.ids.join(" ")}]` : ""}`).join(", ")} (serious/all)`,
  );
});

test("the dashboard on a phone keeps still while its parts arrive", { timeout: 45_000 }, async () => {
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "en-GB",
    bypassCSP: true,
    storageState: await state.coordinator.context().storageState(),
  });
  const page = await phone.newPage();
  // Answers in an order a slow mobile network can give: the page's own questions late, some
  // later than others, so that each part of the page appears on its own.
  const late = [
    [/\/members/, 900],
    [/\/findings\?/, 600],
    [/\/insights\?/, 300],
  ];
  await page.route(/\/api\/v1\//, async (route) => {
    const delay = late.find(([pattern]) => pattern.test(route.request().url()))?.[1] ?? 0;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    await route.continue();
  });
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(url(""));
  await page.getByRole("heading", { name: "Who owes a follow-up" }).waitFor();
  await page.waitForLoadState("networkidle").catch(() => {});
  const shifts = await page.evaluate(() => window.__shifts);
  const total = shifts.reduce((sum, value) => sum + value, 0);
  // 0.1 is where "good" ends for cumulative layout shift.
  assert.ok(total < 0.1, `the dashboard shifted by ${total.toFixed(3)} while loading (${shifts.join(", ")})`);
  await phone.close();
});

test("a coordinator invites a newcomer, who joins from the emailed link", { timeout: 60_000 }, async () => {
  const coordinator = await signIn("coordinator");
  const newcomer = "newcomer@e2e.example";
  await coordinator.goto(url("/settings/members"));
  const form = coordinator.getByRole("form", { name: "Invite someone" });
  await form.getByLabel(/^Email/).fill(newcomer);
  await form.getByLabel(/^Role/).selectOption("member");
  await form.getByRole("button", { name: "Send invitation" }).click();
  await coordinator.getByText(`Invitation sent to ${newcomer}.`).waitFor();
  await coordinator.getByRole("region", { name: "Pending invitations table" }).getByText(newcomer).waitFor();
  await checkA11y(coordinator, "settings-invitations");
  await docShot(coordinator, "members-invitations", coordinator.locator("#pending-invitations-title"));

  await stack.worker(new Date());
  const link = await stack.linkFor(newcomer, "/invitations/");
  assert.ok(link, "the invitation email has a link to /invitations/<token>");

  // A fresh context: no cookie of the coordinator's, as on the newcomer's own computer.
  const page = await freshPage();
  await page.goto(`${stack.base}/invitations/${link.token}`);
  await page.getByRole("heading", { name: `Join ${network.name}` }).waitFor();
  await page.getByLabel(/^Your name/).fill("Nadia Newcomer");
  await page.locator('input[name="password"]').fill("a fresh long passphrase");
  await page.locator('input[name="confirm"]').fill("a fresh long passphrase");
  await checkA11y(page, "invitation-accept");
  await docShot(page, "invitation-accept");
  await page.getByRole("button", { name: "Create my account and join" }).click();
  await page.waitForURL(`**/networks/${network.id}`);
  await page.locator(".sidenav-title", { hasText: network.name }).waitFor();

  // The same link does not work twice.
  await page.goto(`${stack.base}/invitations/${link.token}`);
  await page.getByText(/This invitation is no longer valid/).waitFor();

  await coordinator.goto(`${stack.base}/profile`);
  await coordinator.getByRole("heading", { name: "Your profile" }).waitFor();
  await coordinator.getByText("this session").waitFor();
  await checkA11y(coordinator, "profile");
  await docShot(coordinator, "profile");
  // The new screens fit a phone too.
  await coordinator.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/profile", `/networks/${network.id}/settings/members`]) {
    await coordinator.goto(`${stack.base}${path}`);
    await coordinator.getByRole("heading", { level: 1 }).first().waitFor();
    await coordinator.waitForLoadState("networkidle").catch(() => {});
    const [overflow, widest] = await coordinator.evaluate(() => {
      const over = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".table-wrap"))
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      return [document.documentElement.scrollWidth - window.innerWidth, over.slice(0, 4).join(", ")];
    });
    assert.ok(overflow <= 1, `${path} overflows a phone screen by ${overflow}px: ${widest}`);
  }
  await page.context().close();
  await coordinator.context().close();
});

test("forgot password: the emailed link sets a new one; the old one stops working", { timeout: 60_000 }, async () => {
  const who = USERS.other;
  const newPassword = "a brand new passphrase";
  const page = await freshPage();
  await page.goto(`${stack.base}/login`);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  // The sign-in page stays until the page's code is in, and has an Email field too.
  await page.getByRole("heading", { name: "Reset your password" }).waitFor();
  await page.getByLabel(/^Email/).fill(who.email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await page.getByText(/If an account exists for that address/).waitFor();

  await stack.worker(new Date());
  const link = await stack.linkFor(who.email, "/reset-password/");
  assert.ok(link, "the reset email has a link to /reset-password/<token>");
  await page.goto(`${stack.base}/reset-password/${link.token}`);
  await page.getByText(`For the account ${who.email}.`).waitFor();
  await page.locator('input[name="password"]').fill(newPassword);
  await page.locator('input[name="confirm"]').fill(newPassword);
  await checkA11y(page, "reset-password");
  await docShot(page, "reset-password");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await page.getByText("Your password has been changed. Sign in with the new one.").waitFor();

  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("That email and password do not match an account.").waitFor();
  await page.getByLabel("Password").fill(newPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your networks" }).waitFor();
  await page.context().close();
});

/**
 * The English sentences of the catalog (four words or more, no placeholders): none of them may
 * remain on a page shown in another language.
 */
function englishSentences() {
  return [...new Set(Object.values(extractEnglish()))].filter(
    (text) => !/[{}<]/.test(text) && text.trim().split(/\s+/).length >= 4,
  );
}

for (const [locale, who, dir, networksTitle] of [
  ["fr", "member", "ltr", "Vos réseaux"],
  ["ar", "coordinator", "rtl", "شبكاتك"],
]) {
  test(
    `in ${locale}: the saved language applies everywhere, mirrored when right to left`,
    { timeout: 90_000 },
    async () => {
      const sentences = englishSentences();
      const user = USERS[who];
      const call = await restSession(stack.base, user.email);
      await call("PATCH", "/auth/me", { language: locale });
      const page = await freshPage();
      try {
        // The sign-in page follows the browser (English here); the profile's language takes over.
        await page.goto(`${stack.base}/login`);
        await page.getByLabel("Email").fill(user.email);
        await page.getByLabel("Password").fill(PASSWORD);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("heading", { name: networksTitle }).waitFor();

        const activity = state.activityUrl ?? url("/activities");
        const stops = [
          ["dashboard", url("")],
          ["activity", activity],
          ["follow-up form", `${activity}?plan=follow-up`],
          ["insights", url("/insights")],
        ];
        for (const [name, address] of stops) {
          await page.goto(address);
          await page.locator("main h1").first().waitFor();
          await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
          const html = await page.evaluate(() => ({
            lang: document.documentElement.lang,
            dir: document.documentElement.dir,
          }));
          assert.deepEqual(html, { lang: locale, dir }, `${locale} ${name}: <html lang dir>`);
          if (locale === "ar" && name === "dashboard") {
            // Mirrored: the side navigation sits on the right.
            const nav = await page.getByRole("navigation").first().boundingBox();
            const main = await page.locator("main").boundingBox();
            assert.ok(nav && main && nav.x > main.x, "ar: the navigation is on the right of the content");
          }
          await checkA11y(page, `${locale}-${name}`);
          const text = await page.evaluate(() => document.body.innerText);
          const left = sentences.filter((s) => text.includes(s));
          assert.deepEqual(left, [], `${locale} ${name}: English left on the page`);
          if (locale === "ar" && name === "dashboard") await docShot(page, "dashboard-ar");
        }
      } finally {
        await page.context().close();
        await call("PATCH", "/auth/me", { language: "en" });
      }
    },
  );
}
