import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route } from "react-router";
import { describe, expect, it } from "vitest";
import type { Finding } from "../api/hooks/findings";
import type { NetworkContext } from "../components/Layout";
import { mockApi, page, type Route as ApiRoute } from "../test/fetchMock";
import { finding, renderInNetwork, viewer } from "../test/network";
import FindingPage from "./FindingPage";
import FindingsPage from "./FindingsPage";

function renderPage(path = "/networks/n1/findings") {
  return renderInNetwork(
    <>
      <Route path="/networks/:networkId/findings" element={<FindingsPage />} />
      <Route path="/networks/:networkId/findings/:findingId" element={<FindingPage />} />
    </>,
    path,
  );
}

/** The query parameters of every request for the findings list, in order. */
function listQueries(calls: { path: string }[]) {
  return calls
    .filter((c) => c.path.startsWith("/api/v1/networks/n1/findings?"))
    .map((c) => Object.fromEntries(new URL(c.path, "http://x").searchParams));
}

const listOf =
  (items: Finding[]): ApiRoute[2] =>
  () => ({ body: page(items) });

describe("findings page", () => {
  it("lists the open findings first, each row naming its subject, kind and status and linking to it", async () => {
    const { calls } = mockApi([
      [
        "GET",
        "/api/v1/networks/n1/findings",
        listOf([
          finding("f1"),
          finding("f2", {
            kind: "overdue_follow_up",
            follow_up_id: "fu1",
            follow_up_title: "Coaching call",
            expected_on: "2026-02-01",
          }),
          finding("f3", {
            kind: "series_gap",
            activity_id: null,
            series_id: "s1",
            subject_title: "Annual meeting",
            status: "acknowledged",
            snoozed_until: "2999-01-01T00:00:00Z",
          }),
        ]),
      ],
    ]);
    renderPage();

    const table = await screen.findByRole("table", { name: "Findings" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByRole("link", { name: "Learning visit" })).toHaveAttribute(
      "href",
      "/networks/n1/findings/f1",
    );
    expect(rows[0]).toHaveTextContent("Activity without a follow-up");
    expect(rows[0]).toHaveTextContent("open");
    expect(rows[1]).toHaveTextContent("Follow-up “Coaching call”");
    expect(rows[1]).toHaveTextContent("Overdue follow-up");
    expect(within(rows[2]!).getByRole("link", { name: "Annual meeting" })).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent("snoozed");
    expect(screen.getByText("3 findings shown.")).toHaveAttribute("role", "status");
    expect(screen.getByLabelText("Status")).toHaveValue("open");
    expect(listQueries(calls)).toEqual([{ status: "open", limit: "50" }]);
  });

  it("sends the status and kind filters to the API and keeps them in the URL", async () => {
    const { calls } = mockApi([["GET", "/api/v1/networks/n1/findings", listOf([finding("f1")])]]);
    renderPage();
    await screen.findByRole("table", { name: "Findings" });

    await userEvent.selectOptions(screen.getByLabelText("Status"), "Snoozed");
    await waitFor(() => expect(listQueries(calls).at(-1)).toEqual({ status: "snoozed", limit: "50" }));
    expect(screen.getByTestId("search")).toHaveTextContent("?status=snoozed");

    await userEvent.selectOptions(screen.getByLabelText("Kind"), "Missed meetings");
    await waitFor(() =>
      expect(listQueries(calls).at(-1)).toEqual({ status: "snoozed", kind: "series_gap", limit: "50" }),
    );

    // All: no status filter at all, the API lists every status.
    await userEvent.selectOptions(screen.getByLabelText("Status"), "All");
    await waitFor(() => expect(listQueries(calls).at(-1)).toEqual({ kind: "series_gap", limit: "50" }));
    expect(screen.getByTestId("search")).toHaveTextContent("?status=all&kind=series_gap");
  });

  it("takes its filters from the URL, so they survive a reload", async () => {
    const { calls } = mockApi([["GET", "/api/v1/networks/n1/findings", listOf([finding("f1")])]]);
    renderPage("/networks/n1/findings?status=resolved&kind=overdue_follow_up&q=visit");
    await screen.findByRole("table", { name: "Findings" });
    expect(screen.getByLabelText("Status")).toHaveValue("resolved");
    expect(screen.getByLabelText("Kind")).toHaveValue("overdue_follow_up");
    expect(screen.getByLabelText("Search")).toHaveValue("visit");
    expect(listQueries(calls)).toEqual([{ status: "resolved", kind: "overdue_follow_up", q: "visit", limit: "50" }]);
  });

  it("searches by title once the typing pauses, not once a key", async () => {
    const { calls } = mockApi([["GET", "/api/v1/networks/n1/findings", listOf([finding("f1")])]]);
    renderPage();
    await screen.findByRole("table", { name: "Findings" });
    await userEvent.type(screen.getByLabelText("Search"), "visit");
    await waitFor(() => expect(listQueries(calls).at(-1)).toEqual({ status: "open", q: "visit", limit: "50" }));
    expect(listQueries(calls).filter((q) => q.q !== undefined)).toHaveLength(1);
    expect(screen.getByTestId("search")).toHaveTextContent("?q=visit");
  });

  it("loads the next page with the cursor the API gave", async () => {
    const { calls } = mockApi([
      [
        "GET",
        "/api/v1/networks/n1/findings",
        (request) =>
          new URL(request.url).searchParams.get("cursor") === "c2"
            ? { body: page([finding("f2", { subject_title: "Second visit" })]) }
            : { body: { items: [finding("f1")], next_cursor: "c2" } },
      ],
    ]);
    renderPage();
    await screen.findByRole("link", { name: "Learning visit" });
    expect(screen.getByText("1 finding shown, more to load.")).toHaveAttribute("role", "status");
    await userEvent.click(screen.getByRole("button", { name: "Show more" }));
    expect(await screen.findByRole("link", { name: "Second visit" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Learning visit" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Show more" })).not.toBeInTheDocument();
    expect(screen.getByText("2 findings shown.")).toHaveAttribute("role", "status");
    expect(listQueries(calls).map((q) => q.cursor)).toEqual([undefined, "c2"]);
  });

  it("says nothing needs attention when no finding is open, and that nothing matches when filtered", async () => {
    mockApi([["GET", "/api/v1/networks/n1/findings", listOf([])]]);
    renderPage();
    expect(await screen.findByText("Nothing needs attention.")).toBeInTheDocument();
    expect(screen.getByText("0 findings shown.")).toHaveAttribute("role", "status");
    await userEvent.selectOptions(screen.getByLabelText("Kind"), "Overdue follow-ups");
    expect(await screen.findByText("No finding matches these filters.")).toBeInTheDocument();
  });

  it("shows the API's refusal of a filter value taken from the URL", async () => {
    mockApi([
      [
        "GET",
        "/api/v1/networks/n1/findings",
        () => ({ status: 422, body: { title: "Unprocessable Content", status: 422, detail: "status: not valid" } }),
      ],
    ]);
    renderPage("/networks/n1/findings?status=bogus");
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  it("leads to a finding whose way back returns to the same filtered list", async () => {
    mockApi([
      ["GET", "/api/v1/networks/n1/findings", listOf([finding("f1")])],
      ["GET", "/api/v1/findings/f1", () => ({ body: { ...finding("f1"), reminders: [] } })],
      ["GET", "/api/v1/activities/a1", () => ({ status: 404, body: { title: "Not Found", status: 404 } })],
    ]);
    renderPage("/networks/n1/findings?kind=missing_follow_up");
    await userEvent.click(await screen.findByRole("link", { name: "Learning visit" }));
    expect(await screen.findByRole("heading", { name: "Activity without a follow-up", level: 1 })).toBeInTheDocument();
    const back = within(screen.getByRole("navigation", { name: "Breadcrumb" })).getByRole("link", {
      name: /All findings/,
    });
    expect(back).toHaveAttribute("href", "/networks/n1/findings?kind=missing_follow_up");
  });
});

describe("finding page", () => {
  const overdue = (over: Partial<Finding> = {}) => ({
    ...finding("f1", {
      kind: "overdue_follow_up",
      follow_up_id: "fu1",
      follow_up_title: "Coaching call",
      expected_on: "2026-03-02",
      // The day after the due date began (midnight in the network's zone, here 23:00 UTC).
      arose_at: "2026-03-02T23:00:00Z",
      ...over,
    }),
    reminders: [],
  });
  const member = { ...viewer, network: { id: "n1", name: "Network", timezone: "Africa/Lagos" }, canEdit: true };
  const renderFinding = () =>
    renderInNetwork(
      <Route path="/networks/:networkId/findings/:findingId" element={<FindingPage />} />,
      "/networks/n1/findings/f1",
      member as NetworkContext,
    );
  const activity = [
    "GET",
    "/api/v1/activities/a1",
    () => ({ body: { id: "a1", title: "Learning visit" } }),
  ] as ApiRoute;

  it("shows the days of a finding as dates in the network's zone, never with a time of day", async () => {
    mockApi([["GET", "/api/v1/findings/f1", () => ({ body: overdue() })], activity]);
    renderFinding();
    const details = await screen.findByText("Condition arose");
    expect(details.nextElementSibling).toHaveTextContent(/^Mar 3, 2026$/);
    expect(screen.getByText("Follow-up due on").nextElementSibling).toHaveTextContent(/^Mar 2, 2026$/);
    // The overdue follow-up is named, from the finding itself.
    expect(screen.getByText("Coaching call").parentElement).toHaveTextContent(/^Coaching call, after Learning visit/);
  });

  it("after marking the follow-up done, says the worker resolves the finding at its next pass", async () => {
    const { calls } = mockApi([
      ["GET", "/api/v1/findings/f1", () => ({ body: overdue() })],
      ["PATCH", "/api/v1/follow-ups/fu1", () => ({ body: { id: "fu1", status: "done" } })],
      activity,
    ]);
    renderFinding();
    await userEvent.click(await screen.findByRole("button", { name: "Mark the follow-up done" }));
    expect(await screen.findByText(/Drumbeat checks again at its next pass/)).toBeInTheDocument();
    expect(calls.find((c) => c.method === "PATCH")?.body).toMatchObject({ status: "done" });
  });

  it("says nothing of the next pass when the API already shows the finding resolved", async () => {
    let done = false;
    mockApi([
      [
        "GET",
        "/api/v1/findings/f1",
        () => ({ body: overdue(done ? { status: "resolved", resolved_at: "2026-03-05T10:00:00Z" } : {}) }),
      ],
      [
        "PATCH",
        "/api/v1/follow-ups/fu1",
        () => {
          done = true;
          return { body: { id: "fu1", status: "done" } };
        },
      ],
      activity,
    ]);
    renderFinding();
    await userEvent.click(await screen.findByRole("button", { name: "Mark the follow-up done" }));
    expect(await screen.findByText("Follow-up marked done.")).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByText("Coaching call").parentElement).toHaveTextContent(/^Resolved: Coaching call/),
    );
    expect(screen.queryByText(/Drumbeat checks again at its next pass/)).not.toBeInTheDocument();
  });
});
