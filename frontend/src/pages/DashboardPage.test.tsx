import { screen, waitFor } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { anActivity } from "../test/activities";
import { mockApi, page, type Route as ApiRoute } from "../test/fetchMock";
import { insightsOf } from "../test/insights";
import { coordinator, finding, renderInNetwork } from "../test/network";
import { makeQueryClient } from "../App";
import DashboardPage, { prefetchDashboard } from "./DashboardPage";

const API: ApiRoute[] = [
  ["GET", /\/findings\?/, () => ({ body: page([finding("f1")]) })],
  ["GET", /\/insights\?/, () => ({ body: insightsOf() })],
  ["GET", /\/activities\?id=/, () => ({ body: page([anActivity({ id: "a1", title: "Learning visit" })]) })],
  ["GET", /./, () => ({ body: page([]) })],
];

/** Renders the dashboard and waits until every section has its answers. */
async function dashboard(client = makeQueryClient()) {
  const rendered = renderInNetwork(<Route index element={<DashboardPage />} />, "/", coordinator, client);
  await screen.findByText("Who owes a follow-up");
  await waitFor(() =>
    expect(screen.queryAllByRole("status").filter((s) => s.classList.contains("loading"))).toEqual([]),
  );
  return rendered;
}

describe("prefetchDashboard", () => {
  beforeEach(() => {
    // One instant for both: the lists of activities split at the current minute.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-10T09:30:15Z"));
  });
  afterEach(() => vi.useRealTimers());

  it("asks what the dashboard asks, so that drawing it then asks nothing more", async () => {
    const drawn = mockApi(API);
    (await dashboard()).unmount();
    const asked = new Set(drawn.calls.map((c) => c.path));

    const prefetched = mockApi(API);
    // The app's own client: its answers stay fresh a while, so a page drawn after reads them.
    const client = makeQueryClient();
    prefetchDashboard(client, "n1");
    await waitFor(() => expect(new Set(prefetched.calls.map((c) => c.path))).toEqual(asked));
    const before = prefetched.calls.length;
    await dashboard(client);
    expect(prefetched.calls.length).toBe(before);
  });
});
