import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { buildRRule, defaultSpec, type RuleSpec } from "../lib/recurrence";
import { RecurrenceBuilder } from "./RecurrenceBuilder";

function Harness({ onRule }: { onRule: (rule: string) => void }) {
  const [spec, setSpec] = useState<RuleSpec>(defaultSpec("2026-03-14T09:30"));
  onRule(buildRRule(spec));
  return <RecurrenceBuilder spec={spec} onChange={setSpec} dtstart="2026-03-14T09:30" timezone="Africa/Nairobi" />;
}

describe("RecurrenceBuilder", () => {
  it("shows the rule in words and the next five dates, and follows the controls", async () => {
    let rule = "";
    render(<Harness onRule={(r) => (rule = r)} />);
    const preview = screen.getByTestId("rule-preview");
    expect(preview).toHaveTextContent("Every year on 14 March at 09:30");
    expect(within(preview).getAllByRole("listitem")).toHaveLength(5);
    expect(rule).toBe("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=14");

    await userEvent.selectOptions(screen.getByLabelText("Unit"), "WEEKLY");
    await userEvent.click(screen.getByRole("checkbox", { name: "Wednesday" }));
    expect(preview).toHaveTextContent("Every week on Wednesday and Saturday at 09:30");
    expect(rule).toBe("FREQ=WEEKLY;BYDAY=WE,SA");

    await userEvent.selectOptions(screen.getByLabelText("Unit"), "MONTHLY");
    await userEvent.click(screen.getByLabelText(/A weekday/));
    await userEvent.selectOptions(screen.getByLabelText("Which"), "-1");
    await userEvent.selectOptions(screen.getByLabelText("Weekday"), "FR");
    expect(preview).toHaveTextContent("Every month on the last Friday at 09:30");
    expect(rule).toBe("FREQ=MONTHLY;BYDAY=-1FR");

    await userEvent.click(screen.getByLabelText("After a number of times"));
    const count = screen.getByLabelText("Number of times");
    await userEvent.clear(count);
    await userEvent.type(count, "2");
    expect(preview).toHaveTextContent("Every month on the last Friday at 09:30, 2 times");
    expect(within(preview).getAllByRole("listitem")).toHaveLength(2);
  });

  it("shows the builder's errors next to their controls", () => {
    render(
      <RecurrenceBuilder
        spec={{ ...defaultSpec("2026-03-14T09:30", "WEEKLY"), byDay: [] }}
        onChange={() => {}}
        dtstart="2026-03-14T09:30"
        timezone="UTC"
        errors={{ byDay: "Pick at least one day of the week." }}
      />,
    );
    expect(screen.getByRole("group", { name: "On" })).toHaveAccessibleDescription("Pick at least one day of the week.");
  });
});
