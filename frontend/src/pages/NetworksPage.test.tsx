import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { problem, sessionOf, signedIn } from "../test/accounts";
import { mockApi, page } from "../test/fetchMock";
import { renderWithApp } from "../test/render";
import { NETWORKS_TEXT, NetworksPage } from "./NetworksPage";

describe("networks list", () => {
  it("tells someone in no network how to join", async () => {
    mockApi([
      signedIn(sessionOf({ email: "alone@example.org" })),
      ["GET", "/api/v1/networks", () => ({ body: page([]) })],
    ]);
    renderWithApp(<NetworksPage />);
    expect(await screen.findByText(NETWORKS_TEXT.none)).toBeInTheDocument();
    expect(screen.getByText(NETWORKS_TEXT.howToJoin("alone@example.org"))).toBeInTheDocument();
    expect(screen.getByRole("link", { name: NETWORKS_TEXT.profile })).toHaveAttribute("href", "/profile");
  });

  it("shows a failure to load with a retry", async () => {
    mockApi([signedIn(sessionOf({ email: "a@example.org" })), ["GET", "/api/v1/networks", () => problem(500, "x")]]);
    renderWithApp(<NetworksPage />);
    expect(await screen.findByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
