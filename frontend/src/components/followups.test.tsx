import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { setCsrfToken } from "../api/client";
import { mockApi, page } from "../test/fetchMock";
import { renderWithApp } from "../test/render";
import { FollowUpForm, validateFollowUp } from "./followups";

const org = {
  id: "o1",
  network_id: "n1",
  name: "Wemos",
  iati_identifier: null,
  country: "NL",
  kind: "ngo",
  level: "global",
  expertise: [],
  contact_email: null,
  joined_on: null,
  left_on: null,
  created_at: "",
  updated_at: "",
};

describe("follow-up form", () => {
  it("checks fields in the browser before calling the API", async () => {
    const { calls } = mockApi([
      ["GET", "/api/v1/networks/n1/organisations", () => ({ body: page([org]) })],
      ["GET", "/api/v1/networks/n1/members", () => ({ body: page([]) })],
    ]);
    renderWithApp(<FollowUpForm networkId="n1" activityId="a1" />);
    await userEvent.click(screen.getByRole("button", { name: "Add follow-up" }));
    expect(screen.getByText(/Say what will happen/)).toBeInTheDocument();
    expect(screen.getByLabelText(/What will happen/)).toHaveAttribute("aria-invalid", "true");
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
    expect(
      validateFollowUp({
        title: "x",
        kind: "other",
        due_on: "31/03/2026",
        owner_organisation_id: "",
        assignee_user_id: "",
        notes: "",
      }).due_on,
    ).toBeDefined();
  });

  it("shows the API's problem+json field errors next to their fields, with the CSRF header sent", async () => {
    setCsrfToken("token-123");
    const { calls } = mockApi([
      ["GET", "/api/v1/networks/n1/organisations", () => ({ body: page([org]) })],
      ["GET", "/api/v1/networks/n1/members", () => ({ body: page([]) })],
      [
        "POST",
        "/api/v1/activities/a1/follow-ups",
        () => ({
          status: 422,
          body: {
            type: "about:blank",
            title: "Unprocessable Content",
            status: 422,
            detail: "The request body is not valid.",
            errors: [{ pointer: "/owner_organisation_id", detail: "the organisation belongs to another network" }],
          },
        }),
      ],
    ]);
    renderWithApp(<FollowUpForm networkId="n1" activityId="a1" />);
    await userEvent.type(screen.getByLabelText(/What will happen/), "Coaching call");
    await waitFor(() => expect(screen.getByRole("option", { name: "Wemos" })).toBeInTheDocument());
    await userEvent.selectOptions(screen.getByLabelText("Owner organisation"), "o1");
    await userEvent.click(screen.getByRole("button", { name: "Add follow-up" }));
    const error = await screen.findByText("the organisation belongs to another network");
    const field = error.closest("[data-field]");
    expect(field?.getAttribute("data-field")).toBe("owner_organisation_id");
    expect(screen.getByLabelText("Owner organisation")).toHaveAttribute("aria-describedby", error.id);
    expect(screen.getByRole("alert")).toHaveTextContent("Some fields need attention.");
    const post = calls.find((c) => c.method === "POST");
    expect(post?.headers.get("X-CSRF-Token")).toBe("token-123");
    expect(post?.body).toMatchObject({ title: "Coaching call", owner_organisation_id: "o1", kind: "action_plan" });
    expect(post?.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{32,36}$/);
  });
});
