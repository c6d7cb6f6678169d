import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../App";
import { activate } from "../i18n/translate";
import { sessionOf, signedIn } from "../test/accounts";
import { mockApi, page } from "../test/fetchMock";

afterEach(() => {
  activate("en", {});
  localStorage.clear();
  window.history.pushState({}, "", "/");
});

describe("toasts", () => {
  it("saving the profile in another language still says it is saved, in that language", async () => {
    const session = sessionOf({ email: "amina@example.org", name: "Amina", language: "en", timezone: "UTC" });
    mockApi([
      signedIn(session),
      ["GET", "/api/v1/auth/sessions", () => ({ body: page([]) })],
      ["GET", "/api/v1/auth/me/notifications", () => ({ body: page([]) })],
      ["GET", "/api/v1/networks", () => ({ body: page([]) })],
      ["PATCH", "/api/v1/auth/me", () => ({ body: { ...session, user: { ...session.user, language: "fr" } } })],
    ]);
    localStorage.setItem("drumbeat.language", "en");
    window.history.pushState({}, "", "/profile");
    // The whole app, as main.tsx mounts it: the switch remounts everything under I18nProvider.
    render(<App />);

    await userEvent.selectOptions(await screen.findByLabelText(/^Language/, {}, { timeout: 5000 }), "fr");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("heading", { name: "Votre profil" })).toBeInTheDocument();
    const toasts = screen.getAllByRole("status").find((region) => region.classList.contains("toasts"));
    expect(within(toasts as HTMLElement).getByText("Votre profil est enregistré.")).toBeInTheDocument();
    // The whole app loads lazily: allow for a slow, shared machine.
  }, 15_000);
});
