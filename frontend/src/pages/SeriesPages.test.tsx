import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import type { Occurrence, Series } from "../api/hooks/series";
import type { NetworkContext } from "../components/Layout";
import { loadMessages } from "../i18n/catalogs";
import { activate } from "../i18n/translate";
import { mockApi } from "../test/fetchMock";
import { renderInNetwork } from "../test/network";
import SeriesDetailPage from "./SeriesDetailPage";
import SeriesFormPage from "./SeriesFormPage";

const series = (over: Partial<Series> = {}): Series => ({
  id: "s1",
  network_id: "n1",
  title: "Annual meeting",
  description: "",
  kind: "network_meeting",
  rrule: "FREQ=MONTHLY;BYDAY=2TU",
  dtstart: "2026-03-10T09:00:00",
  timezone: "UTC",
  tolerance_days: 7,
  active: true,
  ends_on: null,
  created_at: "2026-01-01T00:00:00Z",
  created_by: null,
  updated_at: "2026-01-01T00:00:00Z",
  ...over,
});

const occurrence = (local: string, over: Partial<Occurrence> = {}): Occurrence => ({
  at: `${local}Z`,
  local,
  status: "held",
  activity_id: null,
  ...over,
});

const context = {
  network: { id: "n1", name: "Network", timezone: "UTC" },
  role: "coordinator",
  canEdit: true,
  isCoordinator: true,
  userId: "u1",
} as unknown as NetworkContext;

function renderAt(path: string) {
  return renderInNetwork(
    <>
      <Route path="/networks/:networkId/series/new" element={<SeriesFormPage />} />
      <Route path="/networks/:networkId/series/:seriesId" element={<SeriesDetailPage />} />
      <Route path="/networks/:networkId/series/:seriesId/edit" element={<SeriesFormPage />} />
    </>,
    path,
    context,
  );
}

function detailApi(s: Series, items: Occurrence[] = []) {
  return mockApi([
    ["GET", `/api/v1/series/${s.id}`, () => ({ body: s })],
    ["GET", `/api/v1/series/${s.id}/occurrences`, () => ({ body: { items, truncated: false } })],
  ]);
}

describe("series detail page", () => {
  it("gives the series' own dates under the timeline, not the query window", async () => {
    detailApi(series({ dtstart: "2026-03-10T09:00:00", ends_on: "2027-06-30" }));
    renderAt("/networks/n1/series/s1");
    const timeline = await screen.findByRole("region", { name: "Meetings" });
    await within(timeline).findByText(/No meeting is expected/);
    expect(timeline).toHaveTextContent("From Mar 10, 2026 to Jun 30, 2027.");
    expect(timeline).not.toHaveTextContent(/Jan 1, 20\d\d/);
  });

  it("says when a series has no end, and reads an end from the rule itself", async () => {
    detailApi(series());
    const first = renderAt("/networks/n1/series/s1");
    const timeline = await screen.findByRole("region", { name: "Meetings" });
    await within(timeline).findByText(/No meeting is expected/);
    expect(timeline).toHaveTextContent("From Mar 10, 2026, with no end.");
    first.unmount();

    detailApi(series({ rrule: "FREQ=WEEKLY;UNTIL=20261231T235959" }));
    renderAt("/networks/n1/series/s1");
    expect(await screen.findByText(/From Mar 10, 2026 to Dec 31, 2026\./)).toBeInTheDocument();
  });

  it("names each meeting's date in the link to it", async () => {
    detailApi(series(), [
      occurrence("2026-04-14T09:00:00", { activity_id: "a1" }),
      occurrence("2026-05-12T09:00:00", { activity_id: "a2" }),
      occurrence("2026-06-09T09:00:00", { status: "missed" }),
    ]);
    renderAt("/networks/n1/series/s1");
    const timeline = await screen.findByRole("list", { name: "Meetings, oldest first" });
    const links = within(timeline).getAllByRole("link");
    expect(links.map((l) => l.textContent)).toEqual(["Meeting of Apr 14, 2026", "Meeting of May 12, 2026"]);
    expect(links[1]).toHaveAttribute("href", "/networks/n1/activities/a2");
    expect(within(timeline).queryByRole("link", { name: "the meeting" })).not.toBeInTheDocument();
  });
});

describe("series detail page in other languages", () => {
  afterEach(() => activate("en", {}));

  const expected = {
    fr: {
      span: "Du 10 mars 2026 au 30 juin 2027.",
      tolerance: "s’est tenue à 1 jour près.",
      link: "Réunion du 14 avr. 2026",
      rule: "Tous les mois le deuxième mardi à 09:00",
    },
    es: {
      span: "Del 10 mar 2026 al 30 jun 2027.",
      tolerance: "con un margen de 1 día.",
      link: "Reunión del 14 abr 2026",
      rule: "Cada mes el segundo martes a las 09:00",
    },
  } as const;

  for (const [locale, text] of Object.entries(expected)) {
    it(`${locale}: the rule, the series' dates, the tolerance and the meeting links`, async () => {
      activate(locale as keyof typeof expected, await loadMessages(locale as keyof typeof expected));
      detailApi(series({ ends_on: "2027-06-30", tolerance_days: 1 }), [
        occurrence("2026-04-14T09:00:00", { activity_id: "a1" }),
      ]);
      renderAt("/networks/n1/series/s1");
      const timeline = await screen.findByRole("region", { name: /Réunions|Reuniones/ });
      expect(timeline).toHaveTextContent(text.span);
      expect(timeline).toHaveTextContent(text.tolerance);
      expect(within(timeline).getByRole("link")).toHaveTextContent(text.link);
      expect(screen.getByRole("heading", { level: 1 }).parentElement).toHaveTextContent(text.rule);
    });
  }
});

describe("series form", () => {
  it("asks for no series when creating one", async () => {
    const { calls } = mockApi([]);
    renderAt("/networks/n1/series/new");
    expect(await screen.findByRole("form", { name: "New series" })).toBeInTheDocument();
    // Give a wrongly enabled query the time to fire.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.filter((c) => c.path.startsWith("/api/v1/series"))).toEqual([]);
  });

  it("has one end control, whose date becomes the series' ends_on", async () => {
    const { calls } = mockApi([
      [
        "POST",
        "/api/v1/networks/n1/series",
        (_request, body) => ({ status: 201, body: { ...series(), ...(body as object) } }),
      ],
      ["GET", /^\/api\/v1\/series\/s1/, () => ({ body: { items: [], truncated: false } })],
    ]);
    renderAt("/networks/n1/series/new");
    await screen.findByRole("form", { name: "New series" });
    expect(screen.queryByLabelText(/Ends on/)).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Name/), "AGM");
    await userEvent.click(screen.getByLabelText("On a date"));
    fireEvent.change(screen.getByLabelText("Last date"), { target: { value: "2030-12-31" } });
    await userEvent.click(screen.getByRole("button", { name: "Create series" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    const body = calls.find((c) => c.method === "POST")!.body as Record<string, unknown>;
    // The API refuses an UNTIL in the rule together with ends_on: the end is given once.
    expect(body.ends_on).toBe("2030-12-31");
    expect(body.rrule).not.toMatch(/UNTIL/);
  });

  it("shows a saved ends_on as the builder's end date, and keeps it when saving", async () => {
    const saved = series({ rrule: "FREQ=MONTHLY;BYDAY=2TU", ends_on: "2028-12-31" });
    const { calls } = mockApi([
      ["GET", "/api/v1/series/s1", () => ({ body: saved })],
      ["PATCH", "/api/v1/series/s1", (_request, body) => ({ body: { ...saved, ...(body as object) } })],
      ["GET", "/api/v1/series/s1/occurrences", () => ({ body: { items: [], truncated: false } })],
    ]);
    renderAt("/networks/n1/series/s1/edit");
    await screen.findByRole("form", { name: "Edit series" });
    expect(screen.getByLabelText("On a date")).toBeChecked();
    expect(screen.getByLabelText("Last date")).toHaveValue("2028-12-31");
    await userEvent.click(screen.getByRole("button", { name: "Save series" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    const body = calls.find((c) => c.method === "PATCH")!.body as Record<string, unknown>;
    expect(body).toMatchObject({ rrule: "FREQ=MONTHLY;BYDAY=2TU", ends_on: "2028-12-31" });
  });

  it("shows the API's objection to ends_on at the builder's end date", async () => {
    mockApi([
      [
        "POST",
        "/api/v1/networks/n1/series",
        () => ({
          status: 422,
          body: {
            title: "Unprocessable Content",
            status: 422,
            errors: [{ pointer: "/ends_on", detail: "ends_on must not be before dtstart", code: "ends_before_start" }],
          },
        }),
      ],
    ]);
    renderAt("/networks/n1/series/new");
    await screen.findByRole("form", { name: "New series" });
    await userEvent.type(screen.getByLabelText(/Name/), "AGM");
    await userEvent.click(screen.getByLabelText("On a date"));
    fireEvent.change(screen.getByLabelText("Last date"), { target: { value: "2099-01-01" } });
    await userEvent.click(screen.getByRole("button", { name: "Create series" }));
    await waitFor(() =>
      expect(screen.getByLabelText("Last date")).toHaveAccessibleDescription("It ends before it starts."),
    );
  });
});
