import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { AppRoutes } from "../App";
import { LanguagePicker } from "../components/LanguagePicker";
import { formatDate, formatNumber, percent, relativeDays } from "../lib/format";
import { FINDING_KIND_ONE, ROLES, label } from "../lib/labels";
import ProfilePage from "../pages/ProfilePage";
import { sessionOf, signedIn, signedOut } from "../test/accounts";
import { mockApi, page } from "../test/fetchMock";
import { renderWithApp } from "../test/render";
import { loadMessages } from "./catalogs";
import { I18nProvider } from "./I18nProvider";
import { LOCALES, direction, resolveLocale, type Locale } from "./locales";
import { activate, activeLocale, formatList, t } from "./translate";

afterEach(() => {
  activate("en", {});
  localStorage.clear();
  document.documentElement.lang = "";
  document.documentElement.dir = "";
});

async function use(locale: Locale) {
  activate(locale, await loadMessages(locale));
}

// The forgot-password page's wait, a real plural message with its real translations.
const tooMany = (minutes: number) =>
  t(
    {
      id: "account.forgot.tooMany",
      defaultMessage: "Too many requests; try again in {minutes, plural, one {# minute} other {# minutes}}.",
    },
    { minutes },
  );

describe("resolveLocale", () => {
  it("takes the first tag Drumbeat speaks, by its primary subtag", () => {
    expect(resolveLocale("fr-SN")).toBe("fr");
    expect(resolveLocale("pt_BR")).toBe("pt");
    expect(resolveLocale(" AR ")).toBe("ar");
    expect(resolveLocale("de-DE", "es-419", "fr")).toBe("es");
  });
  it("skips missing values and falls back to English", () => {
    expect(resolveLocale(null, undefined, "", "sw")).toBe("en");
    expect(resolveLocale()).toBe("en");
    expect(resolveLocale(null, "ar-EG")).toBe("ar");
  });
  it("knows which languages read right to left", () => {
    expect(LOCALES.filter((l) => direction(l) === "rtl")).toEqual(["ar"]);
  });
});

describe("each language with its real catalog", () => {
  const cases: Record<
    Locale,
    { plural: string[]; date: string; number: string; percent: string; before: string; after: string }
  > = {
    en: {
      plural: ["0 minutes", "1 minute", "2 minutes", "5 minutes", "11 minutes"],
      date: "Mar 5, 2026",
      number: "12,345.5",
      percent: "42%",
      before: "2 days ago",
      after: "tomorrow",
    },
    fr: {
      // French: "one" covers 0 and 1.
      plural: ["0 minute", "1 minute", "2 minutes", "5 minutes", "11 minutes"],
      date: "5 mars 2026",
      number: "12\u202f345,5",
      percent: "42\u00a0%",
      before: "avant-hier",
      after: "demain",
    },
    es: {
      plural: ["0 minutos", "1 minuto", "2 minutos", "5 minutos", "11 minutos"],
      date: "5 mar 2026",
      number: "12.345,5",
      percent: "42\u00a0%",
      before: "anteayer",
      after: "mañana",
    },
    pt: {
      // Portuguese (CLDR "pt"): "one" covers 0 and 1 too.
      plural: ["0 minuto", "1 minuto", "2 minutos", "5 minutos", "11 minutos"],
      date: "5 de mar. de 2026",
      number: "12.345,5",
      percent: "42%",
      before: "anteontem",
      after: "amanhã",
    },
    ar: {
      // Arabic: zero, one, two, few (3–10), many (11–99), other.
      plural: ["0 دقيقة", "دقيقة واحدة", "دقيقتين", "5 دقائق", "11 دقيقة"],
      // The right-to-left marks are Intl's own.
      date: "05\u200f/03\u200f/2026",
      number: "12,345.5",
      percent: "42\u200e%\u200e",
      before: "أول أمس",
      after: "غدًا",
    },
  };

  for (const locale of LOCALES) {
    it(`${locale}: plurals for 0, 1, 2, 5, 11`, async () => {
      await use(locale);
      expect(activeLocale()).toBe(locale);
      const out = [0, 1, 2, 5, 11].map(tooMany);
      out.forEach((text, i) => expect(text).toContain(cases[locale].plural[i]));
    });

    it(`${locale}: dates, numbers, percentages and relative days`, async () => {
      await use(locale);
      const c = cases[locale];
      expect(formatDate("2026-03-05")).toBe(c.date);
      expect(formatNumber(12345.5)).toBe(c.number);
      expect(percent(0.42)).toBe(c.percent);
      expect(relativeDays("2026-03-03", new Date(2026, 2, 5))).toBe(c.before);
      expect(relativeDays("2026-03-06", new Date(2026, 2, 5))).toBe(c.after);
    });
  }

  it("translates the enum labels and lists", async () => {
    await use("fr");
    expect(label(ROLES, "viewer")).toBe("Observateur");
    expect(label(FINDING_KIND_ONE, "overdue_follow_up")).toBe("Suivi en retard");
    expect(formatList(["A", "B", "C"])).toBe("A, B et C");
    await use("ar");
    expect(label(ROLES, "coordinator")).toBe("منسّق");
    expect(formatList(["أ", "ب"])).toBe("أ وب");
  });

  it("falls back to English for a message a catalog lacks", async () => {
    await use("es");
    expect(t({ id: "common.no_such_message", defaultMessage: "Plain English" })).toBe("Plain English");
  });
});

describe("language switching", () => {
  const sessions = page([]);

  it("the profile saves the language and the app switches to it", async () => {
    const session = sessionOf({ email: "amina@example.org", name: "Amina", language: "en", timezone: "UTC" });
    const { calls } = mockApi([
      signedIn(session),
      ["GET", "/api/v1/auth/sessions", () => ({ body: sessions })],
      ["GET", "/api/v1/auth/me/notifications", () => ({ body: page([]) })],
      ["PATCH", "/api/v1/auth/me", () => ({ body: { ...session, user: { ...session.user, language: "fr" } } })],
    ]);
    renderWithApp(
      <I18nProvider locale="en">
        <ProfilePage />
      </I18nProvider>,
    );
    const select = await screen.findByLabelText(/^Language/);
    // Each language by its own name.
    expect([...(select as HTMLSelectElement).options].map((o) => o.text)).toEqual([
      "English",
      "Français",
      "Español",
      "Português",
      "العربية",
    ]);
    await userEvent.selectOptions(select, "fr");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("heading", { name: "Votre profil" })).toBeInTheDocument();
    expect(calls.find((c) => c.method === "PATCH")?.body).toMatchObject({ language: "fr" });
    expect(document.documentElement.lang).toBe("fr");
    expect(document.documentElement.dir).toBe("ltr");
    expect(localStorage.getItem("drumbeat.language")).toBe("fr");
  });

  it("a signed-in user's saved language is adopted when the session loads", async () => {
    mockApi([signedIn(sessionOf({ email: "salma@example.org", name: "Salma", language: "ar" }))]);
    renderWithApp(
      <I18nProvider locale="en">
        <AppRoutes />
      </I18nProvider>,
      undefined,
      "/nowhere",
    );
    expect(await screen.findByRole("heading", { name: "الصفحة غير موجودة" })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("ar");
    expect(document.documentElement.dir).toBe("rtl");
    expect(screen.getByRole("link", { name: "الانتقال إلى المحتوى" })).toHaveAttribute("href", "#main");
  });

  it("people not signed in choose on the sign-in page", async () => {
    mockApi([signedOut, ["GET", "/api/v1/auth/sso", () => ({ body: { enabled: false } })]]);
    renderWithApp(
      <I18nProvider locale="en">
        <AppRoutes />
      </I18nProvider>,
      undefined,
      "/login",
    );
    await userEvent.selectOptions(await screen.findByLabelText("Language"), "es");
    expect(await screen.findByRole("heading", { name: "Iniciar sesión" })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe("es");
    expect(localStorage.getItem("drumbeat.language")).toBe("es");
  });

  it("the picker lists the five languages, each marked with its own language", () => {
    renderWithApp(<LanguagePicker />);
    const options = screen.getAllByRole("option") as HTMLOptionElement[];
    expect(options.map((o) => [o.value, o.lang])).toEqual(LOCALES.map((l) => [l, l]));
  });
});
