import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiError, fieldErrorsFrom, plainMessage } from "../api/client";
import { FormErrors, TextField, mergeErrors } from "./form";

describe("form plumbing", () => {
  it("maps problem+json pointers to top-level fields", () => {
    expect(
      fieldErrorsFrom([
        { pointer: "/ends_at", detail: "too early", code: "invalid" },
        { pointer: "/participants_by_gender/women", detail: "negative", code: "invalid" },
        { pointer: "", detail: "whole body", code: "invalid" },
      ]),
    ).toEqual({
      ends_at: "too early",
      participants_by_gender: "negative",
      _: "whole body",
    });
  });

  it("lets the API's field errors win over local ones, only for 422", () => {
    const e422 = new ApiError(422, {
      title: "x",
      status: 422,
      detail: "bad",
      errors: [{ pointer: "/title", detail: "from the API", code: "invalid" }],
    });
    expect(mergeErrors({ title: "local", notes: "n" }, e422)).toEqual({ title: "from the API", notes: "n" });
    expect(mergeErrors({ title: "local" }, new ApiError(500, null))).toEqual({ title: "local" });
  });

  it("labels every control and ties its error to it", () => {
    render(<TextField label="Title" name="title" value="" onChange={() => {}} error="Give it a title." required />);
    const input = screen.getByLabelText(/Title/);
    expect(input).toHaveAccessibleDescription("Give it a title.");
    expect(input).toHaveAttribute("aria-invalid", "true");
  });

  it("speaks in plain words", () => {
    expect(plainMessage(412, null)).toMatch(/Someone else changed this/);
    expect(plainMessage(0, null)).toMatch(/could not be reached/);
    render(<FormErrors error={new ApiError(503, null)} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Something went wrong on our side");
  });
});

describe("field errors in the reader's words", () => {
  it("says a known code in words rather than the API's developer detail", () => {
    expect(
      fieldErrorsFrom([
        { pointer: "/ends_at", detail: "ends_at must not be before starts_at", code: "ends_before_start" },
      ]),
    ).toEqual({ ends_at: "It ends before it starts." });
  });
});
