import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route } from "react-router";
import { describe, expect, it } from "vitest";
import styles from "../../styles.css?raw";
import type { Invitation } from "../../api/hooks/accounts";
import { problem } from "../../test/accounts";
import { mockApi, page } from "../../test/fetchMock";
import { coordinator, renderInNetwork } from "../../test/network";
import { MEMBERS_TEXT, MembersSettings } from "./Members";

const invitation = (id: string, email: string): Invitation => ({
  id,
  network_id: "n1",
  email,
  role: "member",
  status: "pending",
  expires_at: "2026-12-09T12:00:00Z",
  invited_by: { id: "u1", name: "Kofi" },
  created_at: "2026-12-02T12:00:00Z",
  last_sent_at: "2026-12-02T12:00:00Z",
});

function renderPage() {
  return renderInNetwork(<Route path="/" element={<MembersSettings />} />, "/", coordinator);
}

describe("members and invitations", () => {
  it("invites, lists pending invitations page by page, resends and revokes after asking", async () => {
    const { calls } = mockApi([
      ["GET", "/api/v1/networks/n1/members", () => ({ body: page([]) })],
      [
        "GET",
        "/api/v1/networks/n1/invitations",
        (request) =>
          new URL(request.url).searchParams.get("cursor") === "c2"
            ? { body: page([invitation("i2", "second@example.org")]) }
            : { body: { items: [invitation("i1", "first@example.org")], next_cursor: "c2" } },
      ],
      ["POST", "/api/v1/networks/n1/invitations", () => ({ status: 201, body: invitation("i3", "new@example.org") })],
      ["POST", "/api/v1/invitations/i1/resend", () => ({ body: invitation("i1", "first@example.org") })],
      ["DELETE", "/api/v1/invitations/i1", () => ({ status: 204 })],
    ]);
    renderPage();
    await userEvent.type(screen.getByLabelText(/^Email/), "new@example.org");
    await userEvent.selectOptions(screen.getByLabelText(/^Role/), "viewer");
    await userEvent.click(screen.getByRole("button", { name: MEMBERS_TEXT.invite }));
    expect(await screen.findByText(MEMBERS_TEXT.invited("new@example.org"))).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST" && c.path.endsWith("/invitations"))?.body).toEqual({
      email: "new@example.org",
      role: "viewer",
    });
    expect(calls.some((c) => c.path.includes("status=pending"))).toBe(true);

    const table = await screen.findByRole("region", { name: MEMBERS_TEXT.pendingTable });
    expect(within(table).getByText("first@example.org")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: MEMBERS_TEXT.more }));
    expect(await within(table).findByText("second@example.org")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: MEMBERS_TEXT.resendLabel("first@example.org") }));
    expect(await screen.findByText(MEMBERS_TEXT.resent("first@example.org"))).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: MEMBERS_TEXT.revokeLabel("first@example.org") }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: MEMBERS_TEXT.yes }));
    expect(await screen.findByText(MEMBERS_TEXT.revoked("first@example.org"))).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE" && c.path === "/api/v1/invitations/i1")).toBe(true);
  });

  it("shows the API's objection on the email field", async () => {
    mockApi([
      ["GET", "/api/v1/networks/n1/members", () => ({ body: page([]) })],
      ["GET", "/api/v1/networks/n1/invitations", () => ({ body: page([]) })],
      [
        "POST",
        "/api/v1/networks/n1/invitations",
        () => problem(422, "invalid", [{ pointer: "/email", detail: "This is not a valid email address." }]),
      ],
    ]);
    renderPage();
    expect(await screen.findByText(MEMBERS_TEXT.nonePending)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Email/), "odd@example.org");
    await userEvent.click(screen.getByRole("button", { name: MEMBERS_TEXT.invite }));
    expect(await screen.findByText("This is not a valid email address.")).toBeInTheDocument();
  });

  it("keeps the whole role name in a member's role menu; the table scrolls in its box", async () => {
    // The app's real style sheet, so computed styles are the ones a browser would apply.
    const sheet = document.createElement("style");
    sheet.textContent = styles;
    document.head.append(sheet);
    try {
      mockApi([
        [
          "GET",
          "/api/v1/networks/n1/members",
          () => ({
            body: page([
              {
                id: "m1",
                network_id: "n1",
                user_id: "u2",
                name: "Awa",
                email: "awa.diallo.coordination@example.org",
                role: "coordinator",
                created_at: "2026-01-05T09:00:00Z",
              },
            ]),
          }),
        ],
        ["GET", "/api/v1/networks/n1/invitations", () => ({ body: page([]) })],
      ]);
      renderPage();
      const menu = await screen.findByLabelText("Role of Awa");
      // Sized by its options (the longest role name), not squeezed to a narrow cell's width.
      expect(getComputedStyle(menu).inlineSize).toBe("auto");
      expect(getComputedStyle(menu).minInlineSize).toBe("9rem");
      expect(getComputedStyle(screen.getByRole("region", { name: "Members table" })).overflowX).toBe("auto");
    } finally {
      sheet.remove();
    }
  });
});
