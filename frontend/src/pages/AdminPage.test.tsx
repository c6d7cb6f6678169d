import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { problem, sessionOf, signedIn } from "../test/accounts";
import { mockApi } from "../test/fetchMock";
import { renderWithApp } from "../test/render";
import AdminPage, { ADMIN_TEXT, slugify } from "./AdminPage";

const admin = sessionOf({ id: "u1", email: "admin@example.org", is_admin: true });
const user = (id: string, email: string, is_admin = false) => ({
  id,
  email,
  name: "",
  is_admin,
  is_active: true,
  created_at: "2026-01-01T00:00:00Z",
});

describe("site admin", () => {
  it("creates a network and a user", async () => {
    const { calls } = mockApi([
      signedIn(admin),
      ["GET", "/api/v1/users", () => ({ body: { items: [user("u1", "admin@example.org", true)], next_cursor: null } })],
      ["POST", "/api/v1/networks", () => ({ status: 201, body: { id: "n9", name: "Coastal Network" } })],
      ["POST", "/api/v1/users", () => ({ status: 201, body: user("u2", "new@example.org") })],
    ]);
    renderWithApp(<AdminPage />, undefined, "/admin");
    await userEvent.type(await screen.findByLabelText(/Network name/), "Coastal Network");
    expect(screen.getByLabelText(/Short name/)).toHaveValue("coastal-network");
    await userEvent.click(screen.getByRole("button", { name: ADMIN_TEXT.createNetwork }));
    expect(await screen.findByRole("link", { name: ADMIN_TEXT.openNetwork })).toHaveAttribute("href", "/networks/n9");
    expect(calls.find((c) => c.path === "/api/v1/networks")?.body).toEqual({
      name: "Coastal Network",
      slug: "coastal-network",
    });

    const form = screen.getByRole("form", { name: ADMIN_TEXT.createUserTitle });
    await userEvent.type(form.querySelector("input[name=email]") as HTMLElement, "new@example.org");
    await userEvent.type(form.querySelector("input[name=password]") as HTMLElement, "a long new secret");
    await userEvent.type(form.querySelector("input[name=confirm]") as HTMLElement, "a long new secret");
    await userEvent.click(screen.getByRole("button", { name: ADMIN_TEXT.createUser }));
    expect(await screen.findByText(ADMIN_TEXT.userCreated("new@example.org"))).toBeInTheDocument();
    expect(slugify("Réseau  Sahel!")).toBe("reseau-sahel");
  });

  it("asks before deactivating and shows the last-admin conflict", async () => {
    const { calls } = mockApi([
      signedIn(admin),
      [
        "GET",
        "/api/v1/users",
        () => ({
          body: {
            items: [user("u1", "admin@example.org", true), user("u2", "other@example.org", true)],
            next_cursor: null,
          },
        }),
      ],
      ["PATCH", "/api/v1/users/u2", () => problem(409, "That would leave no active site admin.")],
    ]);
    renderWithApp(<AdminPage />, undefined, "/admin");
    await userEvent.click(await screen.findByRole("button", { name: ADMIN_TEXT.deactivateLabel("other@example.org") }));
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: ADMIN_TEXT.yes }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That would leave no active site admin.");
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ is_active: false });
  });
});
