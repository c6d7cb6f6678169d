import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { ErrorState } from "./ui";

function shown(error: unknown, onRetry = vi.fn()) {
  render(
    <MemoryRouter>
      <ErrorState error={error} onRetry={onRetry} />
    </MemoryRouter>,
  );
}

describe("ErrorState", () => {
  it("offers the way home, not a retry, for something that no longer exists", () => {
    shown(new ApiError(404, null));
    expect(screen.getByRole("alert")).toHaveTextContent("This no longer exists");
    expect(screen.getByRole("link", { name: "Go to your networks" })).toHaveAttribute("href", "/");
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  });

  it("offers the way home for a network the caller's role cannot open", () => {
    shown(new ApiError(403, { title: "Forbidden", status: 403, detail: "not a member" }));
    expect(screen.getByRole("link", { name: "Go to your networks" })).toBeInTheDocument();
  });

  it("offers a retry when trying again may help", () => {
    const retry = vi.fn();
    shown(new ApiError(0, null), retry);
    screen.getByRole("button", { name: "Try again" }).click();
    expect(retry).toHaveBeenCalledOnce();
    expect(screen.queryByRole("link", { name: "Go to your networks" })).toBeNull();
  });
});
