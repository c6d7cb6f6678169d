import { afterEach, describe, expect, it } from "vitest";
import { loadMessages } from "../i18n/catalogs";
import { LOCALES, type Locale } from "../i18n/locales";
import { activate } from "../i18n/translate";
import { ruleInWords, validateSpec, defaultSpec } from "./recurrence";

afterEach(() => activate("en", {}));

async function use(locale: Locale) {
  activate(locale, await loadMessages(locale));
}

const start = "2026-03-14T09:30";

/** Each language's rules in words, from its real catalog: ordinals, genders and plurals its own. */
const cases: Record<
  Locale,
  { monthly: string; weekly: string; twice: string; eleven: string; yearly: string; firstOfMonth: string }
> = {
  en: {
    monthly: "Every month on the second Tuesday at 09:30",
    weekly: "Every week on Monday and Thursday at 09:30",
    twice: "Every 2 weeks on Saturday at 09:30, 2 times",
    eleven: "Every 11 days at 09:30, once",
    yearly: "Every year on the last Saturday of April at 09:30, until 1 March 2030",
    firstOfMonth: "Every 3 months on the 1st at 09:30",
  },
  fr: {
    monthly: "Tous les mois le deuxième mardi à 09:30",
    weekly: "Chaque semaine le lundi et jeudi à 09:30",
    twice: "Toutes les 2 semaines le samedi à 09:30, 2 fois",
    eleven: "Tous les 11 jours à 09:30, une fois",
    yearly: "Chaque année en avril, le dernier samedi à 09:30, jusqu’au 1er mars 2030",
    firstOfMonth: "Tous les 3 mois le 1er à 09:30",
  },
  es: {
    monthly: "Cada mes el segundo martes a las 09:30",
    weekly: "Cada semana el lunes y jueves a las 09:30",
    twice: "Cada 2 semanas el sábado a las 09:30, 2 veces",
    eleven: "Cada 11 días a las 09:30, una vez",
    yearly: "Cada año el último sábado de abril a las 09:30, hasta el 1 de marzo de 2030",
    firstOfMonth: "Cada 3 meses el día 1 a las 09:30",
  },
  pt: {
    // Portuguese agrees the ordinal with the weekday: "na segunda terça-feira", "no último sábado".
    monthly: "Todo mês na segunda terça-feira, às 09:30",
    weekly: "Toda semana: segunda-feira e quinta-feira, às 09:30",
    twice: "A cada 2 semanas: sábado, às 09:30, 2 vezes",
    eleven: "A cada 11 dias, às 09:30, uma vez",
    yearly: "Todo ano no último sábado de abril, às 09:30, até 1 de março de 2030",
    firstOfMonth: "A cada 3 meses no dia 1, às 09:30",
  },
  ar: {
    // Arabic: the dual ("كل أسبوعين", "مرتين") and the 11–99 form ("كل 11 يومًا").
    monthly: "كل شهر في يوم الثلاثاء الثاني من الشهر الساعة 09:30",
    weekly: "كل أسبوع يوم الاثنين والخميس الساعة 09:30",
    twice: "كل أسبوعين يوم السبت الساعة 09:30، مرتين",
    eleven: "كل 11 يومًا الساعة 09:30، مرة واحدة",
    yearly: "كل سنة في يوم السبت الأخير من أبريل الساعة 09:30، حتى 1 مارس 2030",
    firstOfMonth: "كل 3 أشهر في اليوم 1 من الشهر الساعة 09:30",
  },
};

describe("rules in words, in each language", () => {
  for (const locale of LOCALES) {
    it(`${locale}: monthly, weekly, counted and dated rules`, async () => {
      await use(locale);
      const c = cases[locale];
      expect(ruleInWords("FREQ=MONTHLY;BYDAY=2TU", start)).toBe(c.monthly);
      expect(ruleInWords("FREQ=WEEKLY;BYDAY=TH,MO", start)).toBe(c.weekly);
      expect(ruleInWords("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;COUNT=2", start)).toBe(c.twice);
      expect(ruleInWords("FREQ=DAILY;INTERVAL=11;COUNT=1", start)).toBe(c.eleven);
      expect(ruleInWords("FREQ=YEARLY;BYMONTH=4;BYDAY=-1SA;UNTIL=20300301T235959", start)).toBe(c.yearly);
      expect(ruleInWords("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1", start)).toBe(c.firstOfMonth);
    });
  }

  it("gives the builder's errors in the active language", async () => {
    await use("fr");
    expect(validateSpec({ ...defaultSpec(start, "WEEKLY"), byDay: [] }, start).byDay).toBe(
      "Choisissez au moins un jour de la semaine.",
    );
  });
});
