import { screen, within } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Organisation } from "../api/hooks/organisations";
import { LOCALES, type Locale } from "../i18n";
import { loadMessages } from "../i18n/catalogs";
import { activate } from "../i18n/translate";
import styles from "../styles.css?raw";
import { mockApi, page } from "../test/fetchMock";
import { coordinator, renderInNetwork } from "../test/network";
import OrganisationsPage from "./OrganisationsPage";

const org = (id: string, name: string, expertise: string[]): Organisation => ({
  id,
  network_id: "n1",
  name,
  kind: "ngo",
  level: "national",
  country: "KE",
  expertise,
  contact_email: null,
  iati_identifier: null,
  joined_on: null,
  left_on: null,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
});

function renderPage(orgs: Organisation[], context = coordinator) {
  mockApi([["GET", "/api/v1/networks/n1/organisations", () => ({ body: page(orgs) })]]);
  return renderInNetwork(<Route path="/" element={<OrganisationsPage />} />, "/", context);
}

// The app's real style sheet, so computed styles are the ones a browser would apply.
let sheet: HTMLStyleElement;
beforeEach(() => {
  sheet = document.createElement("style");
  sheet.textContent = styles;
  document.head.append(sheet);
});
afterEach(() => {
  sheet.remove();
  activate("en", {});
});

describe("organisations table", () => {
  it("puts each row's actions in one table column that does not wrap", async () => {
    renderPage([org("o1", "Kenya Women's Network", ["gender"]), org("o2", "Sahel Research", [])]);
    const table = await screen.findByRole("table");
    const rows = within(table).getAllByRole("row").slice(1);
    for (const row of rows) {
      const cells = within(row).getAllByRole("cell");
      const actions = cells[cells.length - 1]!;
      expect(
        within(actions)
          .getAllByRole("button")
          .map((b) => b.textContent),
      ).toEqual(["Edit", "Delete"]);
      // A flex table cell leaves its column: the cell stays a cell and keeps its buttons on one line.
      expect(getComputedStyle(actions).display).not.toBe("flex");
      expect(getComputedStyle(actions).whiteSpace).toBe("nowrap");
      expect(getComputedStyle(actions.firstElementChild as Element).flexWrap).toBe("nowrap");
    }
  });

  it("lists expertise as a list in the reader's language", async () => {
    activate("fr", await loadMessages("fr"));
    renderPage([org("o1", "Sahel Research", ["genre", "plaidoyer", "finances"])]);
    expect(await screen.findByText("genre, plaidoyer et finances")).toBeInTheDocument();
  });
});

describe("organisations count, in each language", () => {
  const counts: Record<Locale, [number, string][]> = {
    en: [
      [1, "1 organisation"],
      [2, "2 organisations"],
    ],
    fr: [
      [1, "1 organisation"],
      [3, "3 organisations"],
    ],
    es: [
      [1, "1 organización"],
      [3, "3 organizaciones"],
    ],
    pt: [
      [1, "1 organização"],
      [3, "3 organizações"],
    ],
    // Arabic: one, two, few (3–10) and many (11–99) each have their own form.
    ar: [
      [1, "منظمة واحدة"],
      [2, "منظمتان"],
      [3, "3 منظمات"],
      [11, "11 منظمة"],
    ],
  };
  for (const locale of LOCALES) {
    it(`${locale}: names the table by how many organisations it shows`, async () => {
      activate(locale, await loadMessages(locale));
      for (const [count, name] of counts[locale]) {
        const { unmount } = renderPage(
          Array.from({ length: count }, (_, i) => org(`o${i}`, `Organisation ${i}`, [])),
          { ...coordinator, canEdit: false, isCoordinator: false },
        );
        expect(await screen.findByRole("table", { name })).toBeInTheDocument();
        unmount();
      }
    });
  }
});
