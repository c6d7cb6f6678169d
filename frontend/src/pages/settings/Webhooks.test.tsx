import { screen } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import type { NetworkContext } from "../../components/Layout";
import { LOCALES, type Locale } from "../../i18n";
import { loadMessages } from "../../i18n/catalogs";
import { activate } from "../../i18n/translate";
import { mockApi, page } from "../../test/fetchMock";
import { renderInNetwork } from "../../test/network";
import { WebhookSettings, webhookSummary } from "./Webhooks";

afterEach(() => activate("en", {}));

const events = (n: number) => Array.from({ length: n }, () => "finding.opened" as const);

describe("a webhook's summary, in each language", () => {
  // [events, failures in a row, expected]
  const cases: Record<Locale, [number, number, string][]> = {
    en: [
      [1, 0, "1 event"],
      [2, 3, "2 events · 3 failures in a row"],
      [1, 1, "1 event · 1 failure in a row"],
    ],
    fr: [
      [1, 0, "1 événement"],
      [2, 3, "2 événements · 3 échecs d’affilée"],
      [1, 1, "1 événement · 1 échec d’affilée"],
    ],
    es: [
      [1, 0, "1 evento"],
      [2, 3, "2 eventos · 3 fallos seguidos"],
      [1, 1, "1 evento · 1 fallo seguido"],
    ],
    pt: [
      [1, 0, "1 evento"],
      [2, 3, "2 eventos · 3 falhas seguidas"],
      [1, 1, "1 evento · 1 falha seguida"],
    ],
    // Arabic: one, two, few (3–10) and many (11–99) each have their own form.
    ar: [
      [1, 0, "حدث واحد"],
      [2, 3, "حدثان · 3 إخفاقات متتالية"],
      [11, 2, "11 حدثًا · إخفاقان متتاليان"],
    ],
  };
  for (const locale of LOCALES) {
    it(`${locale}: counts events and failures in a row`, async () => {
      activate(locale, await loadMessages(locale));
      for (const [n, failures, expected] of cases[locale]) {
        expect(webhookSummary({ event_types: events(n), disabled_reason: null, consecutive_failures: failures })).toBe(
          expected,
        );
      }
    });
  }

  it("says why a webhook was disabled, in the API's words", () => {
    expect(
      webhookSummary({
        event_types: events(8),
        disabled_reason: "the receiver answered 410 Gone",
        consecutive_failures: 5,
      }),
    ).toBe("8 events · disabled: the receiver answered 410 Gone · 5 failures in a row");
  });
});

describe("webhook settings", () => {
  it("names the events in the reader's language and sends the API's values", async () => {
    activate("fr", await loadMessages("fr"));
    mockApi([["GET", "/api/v1/networks/n1/webhooks", () => ({ body: page([]) })]]);
    const context = { network: { id: "n1", name: "Réseau" }, isCoordinator: true } as unknown as NetworkContext;
    renderInNetwork(<Route path="/" element={<WebhookSettings />} />, "/", context);
    const opened = screen.getByRole("checkbox", { name: "Constat ouvert" });
    expect(opened).toBeChecked();
    expect(opened).toHaveAttribute("value", "finding.opened");
    expect(await screen.findByText("Aucun webhook pour l’instant.")).toBeInTheDocument();
  });
});
