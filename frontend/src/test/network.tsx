/** Rendering a page inside a network, as the app's NetworkLayout does, for page tests. */
import type { QueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Outlet, Route, Routes, useLocation } from "react-router";
import type { Finding } from "../api/hooks/findings";
import type { NetworkContext } from "../components/Layout";
import { renderWithApp, testClient } from "./render";

/** A viewer of network n1: reads everything, may change nothing. */
export const viewer = {
  network: { id: "n1", name: "Network" },
  role: "viewer",
  canEdit: false,
  isCoordinator: false,
  userId: "u1",
} as unknown as NetworkContext;

/** A coordinator of network n1: may change everything. */
export const coordinator = { ...viewer, role: "coordinator", canEdit: true, isCoordinator: true } as NetworkContext;

/** An open finding about activity a1 ("Learning visit"), with `over` changed. */
export function finding(id: string, over: Partial<Finding> = {}): Finding {
  return {
    id,
    network_id: "n1",
    kind: "missing_follow_up",
    status: "open",
    activity_id: "a1",
    follow_up_id: null,
    series_id: null,
    expected_on: null,
    arose_at: "2026-01-20T00:00:00Z",
    opened_at: "2026-01-20T00:00:00Z",
    resolved_at: null,
    snoozed_until: null,
    dismissed_reason: null,
    updated_at: "2026-01-20T00:00:00Z",
    subject_title: "Learning visit",
    follow_up_title: null,
    ...over,
  };
}

/** The current URL's query, to check what a page keeps in it (and so survives a reload). */
function Search() {
  return <output data-testid="search">{useLocation().search}</output>;
}

/** `routes` (Route elements) rendered at `path` with `context` as the network's outlet context. */
export function renderInNetwork(
  routes: ReactNode,
  path: string,
  context: NetworkContext = viewer,
  client: QueryClient = testClient(),
) {
  return renderWithApp(
    <Routes>
      <Route
        element={
          <>
            <Outlet context={context} />
            <Search />
          </>
        }
      >
        {routes}
      </Route>
    </Routes>,
    client,
    path,
  );
}
