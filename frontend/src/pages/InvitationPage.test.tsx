import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { sessionKeys } from "../api/keys";
import { problem, sessionOf, signedIn, signedOut } from "../test/accounts";
import { mockApi } from "../test/fetchMock";
import { renderWithApp } from "../test/render";
import InvitationPage, { INVITATION_TEXT } from "./InvitationPage";

const preview = (account_exists: boolean) => ({
  network: { id: "n1", name: "Sahel Learning Network" },
  email: "newcomer@example.org",
  role: "member",
  account_exists,
  invited_by_name: "Kofi",
  expires_at: "2026-12-09T12:00:00Z",
});

function renderPage() {
  return renderWithApp(
    <Routes>
      <Route path="/invitations/:token" element={<InvitationPage />} />
      <Route path="/networks/:id" element={<p>network page</p>} />
    </Routes>,
    undefined,
    "/invitations/tok1",
  );
}

describe("invitation", () => {
  it("creates the account, signs the newcomer in and opens the network", async () => {
    const session = sessionOf({ id: "u9", email: "newcomer@example.org", name: "Nadia" });
    const { calls } = mockApi([
      signedOut,
      ["GET", "/api/v1/invitations/tok1", () => ({ body: preview(false) })],
      ["POST", "/api/v1/invitations/tok1/accept", () => ({ body: session })],
    ]);
    const { client } = renderPage();
    expect(await screen.findByRole("heading", { name: "Join Sahel Learning Network" })).toBeInTheDocument();
    expect(screen.getByText("Kofi invites you as member.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: INVITATION_TEXT.create }));
    expect(screen.getByText(INVITATION_TEXT.nameMissing)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Your name/), "Nadia");
    await userEvent.type(screen.getByLabelText(/Choose a password/), "a long new secret");
    await userEvent.type(screen.getByLabelText(/Password again/), "a long new secret");
    await userEvent.click(screen.getByRole("button", { name: INVITATION_TEXT.create }));
    expect(await screen.findByText("network page")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ name: "Nadia", password: "a long new secret" });
    expect(client.getQueryData(sessionKeys.me())).toEqual(session);
  });

  it("sends someone with an account to sign in first, coming back here", async () => {
    mockApi([signedOut, ["GET", "/api/v1/invitations/tok1", () => ({ body: preview(true) })]]);
    renderPage();
    const link = await screen.findByRole("link", { name: INVITATION_TEXT.signIn });
    expect(link).toHaveAttribute("href", `/login?next=${encodeURIComponent("/invitations/tok1")}`);
  });

  it("tells someone signed in as another person, and offers to sign out", async () => {
    mockApi([
      signedIn(sessionOf({ email: "someone.else@example.org" })),
      ["GET", "/api/v1/invitations/tok1", () => ({ body: preview(true) })],
    ]);
    renderPage();
    expect(await screen.findByRole("alert")).toHaveTextContent("You are signed in as someone.else@example.org");
    expect(screen.getByRole("button", { name: INVITATION_TEXT.signOut })).toBeInTheDocument();
  });

  it("lets the invited user join with one button", async () => {
    const session = sessionOf({ email: "newcomer@example.org" });
    const { calls } = mockApi([
      signedIn(session),
      ["GET", "/api/v1/invitations/tok1", () => ({ body: preview(true) })],
      ["POST", "/api/v1/invitations/tok1/accept", () => ({ body: session })],
    ]);
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Join Sahel Learning Network" }));
    expect(await screen.findByText("network page")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({});
  });

  it("explains an invitation that is no longer valid", async () => {
    mockApi([signedOut, ["GET", "/api/v1/invitations/tok1", () => problem(404, "gone")]]);
    renderPage();
    expect(await screen.findByRole("alert")).toHaveTextContent(INVITATION_TEXT.gone);
  });
});
