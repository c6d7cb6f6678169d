import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { problem, sessionOf, signedIn } from "../test/accounts";
import { mockApi, page } from "../test/fetchMock";
import { renderWithApp } from "../test/render";
import ProfilePage, { PROFILE_TEXT } from "./ProfilePage";

const session = sessionOf({ email: "amina@example.org", name: "Amina" });
const sessions = page([
  {
    id: "s1",
    created_at: "2026-12-01T08:00:00Z",
    last_seen_at: "2026-12-02T12:00:00Z",
    user_agent: "Firefox on Linux",
    current: true,
    method: "password",
  },
  {
    id: "s2",
    created_at: "2026-11-20T08:00:00Z",
    last_seen_at: "2026-11-21T12:00:00Z",
    user_agent: "Safari on iPhone",
    current: false,
    method: "invitation",
  },
]);

describe("profile", () => {
  it("saves name, language and zone, lists sessions and signs out the others", async () => {
    const { calls } = mockApi([
      signedIn(session),
      ["GET", "/api/v1/auth/sessions", () => ({ body: sessions })],
      ["PATCH", "/api/v1/auth/me", () => ({ body: session })],
      ["DELETE", "/api/v1/auth/sessions", () => ({ status: 204 })],
    ]);
    renderWithApp(<ProfilePage />, undefined, "/profile");
    const name = await screen.findByLabelText(/^Name/);
    await userEvent.clear(name);
    await userEvent.type(name, "Amina K.");
    await userEvent.selectOptions(screen.getByLabelText(/Language/), "fr");
    await userEvent.selectOptions(screen.getByLabelText(/Time zone/), "Africa/Dakar");
    await userEvent.click(screen.getByRole("button", { name: PROFILE_TEXT.save }));
    expect(await screen.findByText(PROFILE_TEXT.saved)).toBeInTheDocument();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({
      name: "Amina K.",
      language: "fr",
      timezone: "Africa/Dakar",
    });

    const table = await screen.findByRole("region", { name: PROFILE_TEXT.sessionsTable });
    const current = within(table)
      .getByText(/Firefox on Linux/)
      .closest("tr") as HTMLElement;
    expect(within(current).getByText(PROFILE_TEXT.thisSession)).toBeInTheDocument();
    expect(within(table).getByRole("button", { name: PROFILE_TEXT.endLabel("Safari on iPhone") })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: PROFILE_TEXT.endOthers }));
    expect(await screen.findByText(PROFILE_TEXT.endedOthers)).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE" && c.path === "/api/v1/auth/sessions")).toBe(true);
  });

  it("shows a wrong current password on its field", async () => {
    mockApi([
      signedIn(session),
      ["GET", "/api/v1/auth/sessions", () => ({ body: sessions })],
      [
        "PATCH",
        "/api/v1/auth/me",
        () => problem(422, "invalid", [{ pointer: "/current_password", detail: "The current password is wrong." }]),
      ],
    ]);
    renderWithApp(<ProfilePage />, undefined, "/profile");
    await userEvent.type(await screen.findByLabelText(/Current password/), "not it at all");
    await userEvent.type(screen.getByLabelText(/^New password \*/), "a long new secret");
    await userEvent.type(screen.getByLabelText(/New password again/), "a long new secret");
    await userEvent.click(screen.getByRole("button", { name: PROFILE_TEXT.changePassword }));
    expect(await screen.findByText("The current password is wrong.")).toBeInTheDocument();
    expect(screen.getByLabelText(/Current password/)).toHaveAttribute("aria-invalid", "true");
  });

  it("changes a network's reminder emails, explains an unsubscribe and a network switched off", async () => {
    const prefs = {
      items: [
        {
          network_id: "n1",
          network_name: "Coast",
          cadence: "muted",
          unsubscribed_at: "2026-11-30T09:00:00Z",
          network_reminder_emails_enabled: true,
        },
        {
          network_id: "n2",
          network_name: "Delta",
          cadence: "daily",
          unsubscribed_at: null,
          network_reminder_emails_enabled: false,
        },
      ],
    };
    const { calls } = mockApi([
      signedIn(session),
      ["GET", "/api/v1/auth/sessions", () => ({ body: sessions })],
      ["GET", "/api/v1/auth/me/notifications", () => ({ body: prefs })],
      [
        "PATCH",
        "/api/v1/auth/me/notifications",
        () => ({ body: { items: [{ ...prefs.items[0], cadence: "weekly", unsubscribed_at: null }, prefs.items[1]] } }),
      ],
    ]);
    renderWithApp(<ProfilePage />, undefined, "/profile");
    const coast = await screen.findByLabelText(PROFILE_TEXT.cadenceLabel("Coast"));
    expect(coast).toHaveValue("muted");
    expect(screen.getByText(/You unsubscribed from an email on/)).toBeInTheDocument();
    expect(screen.getByText(PROFILE_TEXT.networkStopped)).toBeInTheDocument();
    expect(screen.getByLabelText(PROFILE_TEXT.cadenceLabel("Delta"))).toHaveValue("daily");
    await userEvent.selectOptions(coast, "weekly");
    expect(await screen.findByText(PROFILE_TEXT.cadenceSaved("Coast"))).toBeInTheDocument();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ items: [{ network_id: "n1", cadence: "weekly" }] });
    expect(screen.queryByText(/You unsubscribed from an email on/)).not.toBeInTheDocument();
    expect(screen.getByLabelText(PROFILE_TEXT.cadenceLabel("Coast"))).toHaveValue("weekly");
  });
});
