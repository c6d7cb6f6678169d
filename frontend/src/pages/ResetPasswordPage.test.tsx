import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { problem, signedOut } from "../test/accounts";
import { mockApi } from "../test/fetchMock";
import { renderWithApp } from "../test/render";
import { LoginPage } from "./LoginPage";
import ResetPasswordPage, { RESET_TEXT } from "./ResetPasswordPage";

function renderPage() {
  return renderWithApp(
    <Routes>
      <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
      <Route path="/login" element={<LoginPage />} />
    </Routes>,
    undefined,
    "/reset-password/tok1",
  );
}

const valid: Parameters<typeof mockApi>[0][number] = [
  "GET",
  "/api/v1/auth/password-reset/tok1",
  () => ({ body: { email: "amina@example.org", expires_at: "2026-12-02T13:00:00Z" } }),
];

describe("reset password", () => {
  it("checks the two passwords, saves, and sends the user to sign in with a message", async () => {
    const { calls } = mockApi([
      valid,
      signedOut,
      ["POST", "/api/v1/auth/password-reset/tok1", () => ({ status: 204 })],
    ]);
    renderPage();
    expect(await screen.findByText(RESET_TEXT.forAccount("amina@example.org"))).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^New password \*/), "short");
    await userEvent.type(screen.getByLabelText(/again/), "other");
    await userEvent.click(screen.getByRole("button", { name: RESET_TEXT.submit }));
    expect(screen.getByText("Use at least 10 characters.")).toBeInTheDocument();
    expect(screen.getByText("The two passwords are not the same.")).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText(/^New password \*/));
    await userEvent.type(screen.getByLabelText(/^New password \*/), "a long new secret");
    await userEvent.clear(screen.getByLabelText(/again/));
    await userEvent.type(screen.getByLabelText(/again/), "a long new secret");
    await userEvent.click(screen.getByRole("button", { name: RESET_TEXT.submit }));
    expect(await screen.findByText(RESET_TEXT.done)).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ password: "a long new secret" });
  });

  it("shows the server's rule on the field", async () => {
    mockApi([
      valid,
      [
        "POST",
        "/api/v1/auth/password-reset/tok1",
        () => problem(422, "invalid", [{ pointer: "/password", detail: "This password is too common." }]),
      ],
    ]);
    renderPage();
    await userEvent.type(await screen.findByLabelText(/^New password \*/), "password1234");
    await userEvent.type(screen.getByLabelText(/again/), "password1234");
    await userEvent.click(screen.getByRole("button", { name: RESET_TEXT.submit }));
    expect(await screen.findByText("This password is too common.")).toBeInTheDocument();
    expect(screen.getByLabelText(/^New password \*/)).toHaveAttribute("aria-invalid", "true");
  });

  it("explains an expired or used link", async () => {
    mockApi([["GET", "/api/v1/auth/password-reset/tok1", () => problem(404, "gone")]]);
    renderPage();
    expect(await screen.findByText(RESET_TEXT.gone)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: RESET_TEXT.askAgain })).toHaveAttribute("href", "/forgot-password");
  });
});
