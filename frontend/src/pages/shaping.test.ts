import { describe, expect, it } from "vitest";
import { describePointer, csvHref } from "../components/exchange";
import { groupFindings, owedBoard } from "./DashboardPage";
import { parseSchedule, validateReminders } from "./settings/Reminders";
import { validateWebhook } from "./settings/Webhooks";
import { timelineSummary } from "./SeriesDetailPage";

const f = (id: string, kind: "missing_follow_up" | "overdue_follow_up" | "series_gap", extra = {}) => ({
  id,
  network_id: "n",
  kind,
  status: "open" as const,
  activity_id: "a1",
  follow_up_id: null,
  series_id: null,
  expected_on: null,
  arose_at: "",
  opened_at: "2026-01-01T00:00:00Z",
  resolved_at: null,
  snoozed_until: null,
  dismissed_reason: null,
  updated_at: "",
  ...extra,
});

describe("dashboard shaping", () => {
  it("groups open findings by kind in a fixed order, leaving out empty groups", () => {
    const groups = groupFindings([f("1", "series_gap"), f("2", "missing_follow_up"), f("3", "series_gap")]);
    expect(groups.map((g) => [g.kind, g.items.length])).toEqual([
      ["missing_follow_up", 1],
      ["series_gap", 2],
    ]);
  });

  it("says who owes a follow-up: the activity's recorder, or the assignee or owner", () => {
    const activity = {
      id: "a1",
      title: "Learning visit",
      created_by: "u1",
      starts_at: "2025-12-30T10:00:00",
      ends_at: "2026-01-01T10:00:00",
    } as never;
    const overdue = [
      {
        id: "fu1",
        title: "Coaching call",
        activity_id: "a2",
        assignee_user_id: "u2",
        owner_organisation_id: null,
        due_on: "2026-01-01",
      },
      {
        id: "fu2",
        title: "Action plan",
        activity_id: "a3",
        assignee_user_id: null,
        owner_organisation_id: "o1",
        due_on: "2026-01-02",
      },
      {
        id: "fu3",
        title: "Check-in",
        activity_id: "a3",
        assignee_user_id: null,
        owner_organisation_id: null,
        due_on: "2026-01-03",
      },
      {
        id: "fu4",
        title: "Refresher",
        activity_id: "a4",
        assignee_user_id: "u1",
        owner_organisation_id: null,
        due_on: "2026-01-03",
      },
    ] as never[];
    const board = owedBoard(
      [{ finding: f("x", "missing_follow_up"), activity }],
      overdue,
      new Map([
        ["u1", "Amina"],
        ["u2", "Joseph"],
      ]),
      new Map([["o1", "Wemos"]]),
      "n",
    );
    expect(board.map((d) => [d.who, d.items.length])).toEqual([
      ["Amina", 2],
      ["Joseph", 1],
      ["Unassigned", 1],
      ["Wemos", 1],
    ]);
    expect(board[0]!.items[0]).toMatchObject({
      text: "A follow-up for “Learning visit”",
      to: "/networks/n/activities/a1",
    });
    // The activity is shown by its span of days, as in the activity list.
    expect(board[0]!.items[0]!.when.replace(/\s/g, " ")).toBe("held Dec 30, 2025 – Jan 1, 2026");
    const orphan = {
      id: "a9",
      title: "Webinar",
      created_by: null,
      facilitator_ids: ["o1"],
      starts_at: "2026-01-01T09:00:00Z",
      ends_at: "2026-01-01T10:00:00Z",
    } as never;
    expect(
      owedBoard(
        [{ finding: f("y", "missing_follow_up"), activity: orphan }],
        [],
        new Map(),
        new Map([["o1", "Wemos"]]),
        "n",
      )[0]!.who,
    ).toBe("Wemos");
  });

  it("counts a series' timeline", () => {
    const o = (status: string) => ({ at: "", local: "", status, activity_id: null });
    expect(timelineSummary([o("held"), o("missed"), o("held"), o("upcoming")])).toEqual({
      held: 2,
      missed: 1,
      upcoming: 1,
      rate: 2 / 3,
    });
  });
});

describe("settings and exchange checks", () => {
  it("reads a reminder schedule", () => {
    expect(parseSchedule("21, 0,7, 7")).toEqual([0, 7, 21]);
    expect(parseSchedule("0, soon")).toBeNull();
    expect(
      validateReminders({ grace: "30", schedule: "", since: "2026-01-01T00:00" }).reminder_schedule_days,
    ).toBeDefined();
  });

  it("checks a webhook before sending it", () => {
    expect(validateWebhook({ url: "partner.example.org", events: ["finding.opened"] }).url).toMatch(/https/);
    expect(validateWebhook({ url: "https://partner.example.org/hook", events: [] }).event_types).toBeDefined();
    expect(validateWebhook({ url: "https://partner.example.org/hook", events: ["finding.opened"] })).toEqual({
      url: undefined,
      event_types: undefined,
    });
  });

  it("names CSV cells in words and keeps filters in export links", () => {
    expect(describePointer("/rows/3/starts_at")).toBe("Row 3, starts at");
    expect(describePointer("/rows/7")).toBe("Row 7");
    expect(csvHref("/networks/n/activities.csv", { status: "held", q: undefined })).toBe(
      "/api/v1/networks/n/activities.csv?status=held",
    );
  });
});
