import { screen } from "@testing-library/react";
import { Route } from "react-router";
import { describe, expect, it } from "vitest";
import { renderInNetwork, viewer } from "../test/network";
import { RequireEditor } from "./Layout";

const form = (
  <Route
    path="/networks/n1/activities/new"
    element={
      <RequireEditor>
        <h1>Record an activity</h1>
      </RequireEditor>
    }
  />
);

describe("RequireEditor", () => {
  it("tells a viewer at once that the form is not theirs, with the way back", async () => {
    renderInNetwork(form, "/networks/n1/activities/new");
    expect(await screen.findByRole("alert")).toHaveTextContent("lets you read its records, not add or change them");
    expect(screen.getByRole("link", { name: "Back to the dashboard" })).toHaveAttribute("href", "/networks/n1");
    expect(screen.queryByRole("heading", { name: "Record an activity" })).toBeNull();
  });

  it("shows the form to a member", async () => {
    renderInNetwork(form, "/networks/n1/activities/new", { ...viewer, role: "member", canEdit: true });
    expect(await screen.findByRole("heading", { name: "Record an activity" })).toBeInTheDocument();
  });
});
