import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { problem } from "../test/accounts";
import { mockApi } from "../test/fetchMock";
import { renderWithApp } from "../test/render";
import ForgotPasswordPage, { FORGOT_TEXT } from "./ForgotPasswordPage";

describe("forgot password", () => {
  it("always gives the same answer, whatever the API says", async () => {
    const { calls } = mockApi([["POST", "/api/v1/auth/password-reset", () => problem(500, "boom")]]);
    renderWithApp(<ForgotPasswordPage />, undefined, "/forgot-password");
    await userEvent.click(screen.getByRole("button", { name: FORGOT_TEXT.submit }));
    expect(screen.getByText(FORGOT_TEXT.emailMissing)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Email/), "amina@example.org");
    await userEvent.click(screen.getByRole("button", { name: FORGOT_TEXT.submit }));
    expect(await screen.findByText(FORGOT_TEXT.sent)).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ email: "amina@example.org" });
  });

  it("says how long to wait after a 429", async () => {
    mockApi([
      [
        "POST",
        "/api/v1/auth/password-reset",
        () => ({ ...problem(429, "slow down"), headers: { "Retry-After": "120" } }),
      ],
    ]);
    renderWithApp(<ForgotPasswordPage />, undefined, "/forgot-password");
    await userEvent.type(screen.getByLabelText(/Email/), "amina@example.org");
    await userEvent.click(screen.getByRole("button", { name: FORGOT_TEXT.submit }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many requests; try again in 2 minutes");
    expect(screen.queryByText(FORGOT_TEXT.sent)).not.toBeInTheDocument();
  });
});
