import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route } from "react-router";
import { describe, expect, it } from "vitest";
import type { Finding } from "../api/hooks/findings";
import type { NetworkContext } from "../components/Layout";
import { anActivity } from "../test/activities";
import { mockApi, page, type Route as ApiRoute } from "../test/fetchMock";
import { finding, renderInNetwork, viewer } from "../test/network";
import ActivityDetailPage from "./ActivityDetailPage";

const activity = anActivity();

const findingOf = (id: string, kind: Finding["kind"], status: Finding["status"]): Finding =>
  finding(id, { kind, status, follow_up_id: kind === "overdue_follow_up" ? "fu1" : null, subject_title: null });

function renderPage(path = "/networks/n1/activities/a1", ctx: NetworkContext = viewer) {
  return renderInNetwork(
    <Route path="/networks/:networkId/activities/:activityId" element={<ActivityDetailPage />} />,
    path,
    ctx,
  );
}

const member = { ...viewer, role: "member", canEdit: true } as NetworkContext;

const quietActivity: ApiRoute[] = [
  ["GET", "/api/v1/activities/a1", () => ({ body: activity })],
  ["GET", "/api/v1/activities/a1/follow-ups", () => ({ body: page([]) })],
  ["GET", "/api/v1/networks/n1/reflections", () => ({ body: page([]) })],
  ["GET", "/api/v1/networks/n1/findings", () => ({ body: page([]) })],
  ["GET", "/api/v1/networks/n1/organisations", () => ({ body: page([]) })],
  ["GET", "/api/v1/networks/n1/members", () => ({ body: page([]) })],
];

describe("activity page", () => {
  it("asks the API for this activity's findings only, and shows every page of them", async () => {
    const { calls } = mockApi([
      ["GET", "/api/v1/activities/a1", () => ({ body: activity })],
      ["GET", "/api/v1/activities/a1/follow-ups", () => ({ body: page([]) })],
      ["GET", "/api/v1/networks/n1/reflections", () => ({ body: page([]) })],
      ["GET", "/api/v1/networks/n1/organisations", () => ({ body: page([]) })],
      ["GET", "/api/v1/networks/n1/members", () => ({ body: page([]) })],
      ["GET", "/api/v1/networks/n1/audit", () => ({ body: page([]) })],
      [
        "GET",
        "/api/v1/networks/n1/findings",
        (request) =>
          new URL(request.url).searchParams.get("cursor") === "next"
            ? { body: page([findingOf("f2", "missing_follow_up", "resolved")]) }
            : { body: { items: [findingOf("f1", "overdue_follow_up", "open")], next_cursor: "next" } },
      ],
    ]);
    renderPage();

    expect(await screen.findByText(/is overdue after/)).toBeInTheDocument();
    expect(screen.queryByText(/no longer lacks a follow-up/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Show more findings" }));
    // The second page's finding is resolved: it says so, not that a follow-up is still missing.
    expect(await screen.findByText(/no longer lacks a follow-up/)).toBeInTheDocument();
    expect(screen.queryByText(/has no follow-up yet/)).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Show more findings" })).not.toBeInTheDocument();

    const asked = calls.filter((c) => c.path.startsWith("/api/v1/networks/n1/findings"));
    expect(asked.map((c) => new URL(c.path, "http://x").searchParams.get("activity_id"))).toEqual(["a1", "a1"]);
  });

  it("says so when nothing was detected for the activity", async () => {
    mockApi([
      ["GET", "/api/v1/activities/a1", () => ({ body: activity })],
      ["GET", "/api/v1/activities/a1/follow-ups", () => ({ body: page([]) })],
      ["GET", "/api/v1/networks/n1/reflections", () => ({ body: page([]) })],
      ["GET", "/api/v1/networks/n1/findings", () => ({ body: page([]) })],
    ]);
    renderPage();
    expect(await screen.findByText("Nothing detected for this activity.")).toBeInTheDocument();
  });

  it("opens the new-follow-up form with the cursor in it when the link asks to plan a follow-up", async () => {
    mockApi(quietActivity);
    renderPage("/networks/n1/activities/a1?plan=follow-up", member);
    const form = await screen.findByRole("form", { name: "Add a follow-up" });
    await waitFor(() => expect(within(form).getByLabelText(/What will happen/)).toHaveFocus());
    expect(screen.queryByRole("button", { name: "Add a follow-up" })).not.toBeInTheDocument();

    // Cancelled: the form closes and the request leaves the URL, so a reload shows the page as usual.
    await userEvent.click(within(form).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("form", { name: "Add a follow-up" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add a follow-up" })).toBeInTheDocument();
    expect(screen.getByTestId("search")).toHaveTextContent(/^$/);
  });

  it("does not open the form without the link's request, nor for someone who may not add follow-ups", async () => {
    mockApi(quietActivity);
    const { unmount } = renderPage("/networks/n1/activities/a1", member);
    expect(await screen.findByRole("button", { name: "Add a follow-up" })).toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "Add a follow-up" })).not.toBeInTheDocument();
    unmount();

    renderPage("/networks/n1/activities/a1?plan=follow-up", viewer);
    expect(await screen.findByText("Nothing detected for this activity.")).toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "Add a follow-up" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Add a follow-up" })).not.toBeInTheDocument();
  });
});
