import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { signedOut } from "../test/accounts";
import { mockApi } from "../test/fetchMock";
import { renderWithApp } from "../test/render";
import { safeNext } from "../lib/password";
import { LOGIN_TEXT, LoginPage, validateLogin } from "./LoginPage";

describe("login", () => {
  it("validates in the browser and explains a wrong password in plain words", async () => {
    mockApi([
      signedOut,
      [
        "POST",
        "/api/v1/auth/login",
        () => ({ status: 401, body: { title: "Unauthorized", status: 401, detail: "wrong email or password" } }),
      ],
    ]);
    renderWithApp(<LoginPage />, undefined, "/login");
    await userEvent.click(await screen.findByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Enter your email address.")).toBeInTheDocument();
    expect(screen.getByText("Enter your password.")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Email/), "amina@example.org");
    await userEvent.type(screen.getByLabelText(/Password/), "nope");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That email and password do not match an account.");
    expect(validateLogin({ email: "not-an-email", password: "x" }).email).toMatch(/does not look like/);
  });
});

describe("login extras", () => {
  it("explains an SSO error code and links to password reset", async () => {
    mockApi([signedOut]);
    renderWithApp(<LoginPage />, undefined, "/login?sso_error=inactive&next=%2Fprofile");
    expect(await screen.findByRole("alert")).toHaveTextContent(LOGIN_TEXT.ssoErrors.inactive);
    expect(screen.getByRole("link", { name: LOGIN_TEXT.forgot })).toHaveAttribute("href", "/forgot-password");
  });

  it("offers single sign-on when the server has it, coming back to the same page", async () => {
    mockApi([
      signedOut,
      [
        "GET",
        "/api/v1/auth/sso",
        () => ({ status: 200, body: { enabled: true, name: "Google", start_url: "/api/v1/auth/sso/start" } }),
      ],
    ]);
    renderWithApp(<LoginPage />, undefined, "/login?next=%2Fprofile");
    const button = await screen.findByRole("link", { name: LOGIN_TEXT.ssoButton("Google") });
    expect(button).toHaveAttribute("href", "/api/v1/auth/sso/start?next=%2Fprofile");
  });

  it("only follows same-site paths after signing in", () => {
    expect(safeNext("/invitations/abc")).toBe("/invitations/abc");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("https://evil.example")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});
