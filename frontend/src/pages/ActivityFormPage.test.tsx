import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route } from "react-router";
import { describe, expect, it } from "vitest";
import type { NetworkContext } from "../components/Layout";
import { anActivity } from "../test/activities";
import { mockApi, page, type Route as ApiRoute } from "../test/fetchMock";
import { renderInNetwork } from "../test/network";
import ActivityFormPage from "./ActivityFormPage";

const activity = anActivity({
  location: "Lilongwe",
  country: "MW",
  description: "Two days on the farms.",
  participants_count: 12,
  participants_by_gender: { women: 7, men: 4, non_binary: 0, undisclosed: 1 },
  themes: ["land rights"],
});

/** What the form reads: the activity, and the pickers' organisations, series and activities. */
const formReads: ApiRoute[] = [
  ["GET", "/api/v1/activities/a1", () => ({ body: activity })],
  ["GET", "/api/v1/networks/n1/organisations", () => ({ body: page([]) })],
  ["GET", "/api/v1/networks/n1/series", () => ({ body: page([]) })],
  ["GET", "/api/v1/networks/n1/activities", () => ({ body: page([]) })],
];

const context = {
  network: { id: "n1", name: "Network", follow_up_grace_days: 30 },
  role: "member",
  canEdit: true,
  isCoordinator: false,
  userId: "u1",
} as unknown as NetworkContext;

function renderEdit() {
  return renderInNetwork(
    <>
      <Route path="/networks/:networkId/activities/:activityId/edit" element={<ActivityFormPage />} />
      <Route path="/networks/:networkId/activities/:activityId" element={<p>Activity page</p>} />
    </>,
    "/networks/n1/activities/a1/edit",
    context,
  );
}

describe("activity form", () => {
  it("fills every field from the activity and sends what was changed", async () => {
    const { calls } = mockApi([
      ...formReads,
      ["PATCH", "/api/v1/activities/a1", (_request, body) => ({ body: { ...activity, ...(body as object) } })],
    ]);
    renderEdit();
    const user = userEvent.setup();

    const title = await screen.findByLabelText(/^Title/);
    expect(title).toHaveValue("Learning visit");
    expect(screen.getByLabelText("Location")).toHaveValue("Lilongwe");
    expect(screen.getByLabelText("Women")).toHaveValue(7);
    expect(screen.getByLabelText("Undisclosed")).toHaveValue(1);
    expect(screen.getByLabelText("Kind")).toHaveValue("exchange_visit");

    await user.clear(title);
    await user.type(title, "Farm visit");
    await user.clear(screen.getByLabelText("Men"));
    await user.type(screen.getByLabelText("Men"), "5");
    await user.selectOptions(screen.getByLabelText("Modality"), "online");
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    expect(await screen.findByText("Activity page")).toBeInTheDocument();
    const patch = calls.find((c) => c.method === "PATCH");
    expect(patch?.body).toMatchObject({
      title: "Farm visit",
      modality: "online",
      location: "Lilongwe",
      country: "MW",
      participants_by_gender: { women: 7, men: 5, non_binary: 0, undisclosed: 1 },
    });
  });

  it("shows a refused value next to its field, focuses the error summary and sends nothing", async () => {
    const { calls } = mockApi(formReads);
    renderEdit();
    const user = userEvent.setup();

    const title = await screen.findByLabelText(/^Title/);
    await user.clear(title);
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    expect(await screen.findByText("Give the activity a title.")).toBeInTheDocument();
    expect(title).toHaveAccessibleDescription("Give the activity a title.");
    const summary = screen.getByRole("alert");
    expect(summary).toHaveTextContent("Some fields need attention.");
    await waitFor(() => expect(summary).toHaveFocus());
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);
  });
});
