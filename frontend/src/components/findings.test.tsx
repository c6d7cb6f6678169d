import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Finding } from "../api/hooks/findings";
import type { FollowUp } from "../api/hooks/followups";
import arFindings from "../i18n/messages/ar/findings.json";
import frFindings from "../i18n/messages/fr/findings.json";
import { activate } from "../i18n/translate";
import { renderWithApp } from "../test/render";
import { FindingSubject } from "./findings";

const finding = (over: Partial<Finding>): Finding =>
  ({
    id: "f1",
    network_id: "n1",
    kind: "series_gap",
    status: "open",
    activity_id: null,
    follow_up_id: null,
    series_id: "s1",
    expected_on: "2026-03-02",
    arose_at: "2026-03-03T00:00:00Z",
    opened_at: "2026-03-03T00:00:00Z",
    resolved_at: null,
    snoozed_until: null,
    dismissed_reason: null,
    updated_at: "2026-03-03T00:00:00Z",
    ...over,
  }) as Finding;

afterEach(() => activate("en", {}));

describe("finding sentences", () => {
  it("keeps the subject's link inside the translated sentence, wherever the language puts it", () => {
    activate("fr", frFindings);
    renderWithApp(<FindingSubject finding={finding({})} networkId="n1" />);
    const link = screen.getByRole("link", { name: "Une réunion récurrente" });
    expect(link).toHaveAttribute("href", "/networks/n1/series/s1");
    expect(link.parentElement).toHaveTextContent(/^Une réunion récurrente : pas de réunion le 2 mars 2026$/);
  });

  it("counts the days a follow-up is overdue with the language's plural forms", () => {
    activate("ar", arFindings);
    const due = new Date();
    due.setDate(due.getDate() - 2);
    const dueOn = `${due.getFullYear()}-${String(due.getMonth() + 1).padStart(2, "0")}-${String(due.getDate()).padStart(2, "0")}`;
    const followUp = { id: "fu1", title: "Coaching", activity_id: "a1", due_on: dueOn } as FollowUp;
    renderWithApp(
      <FindingSubject
        finding={finding({ kind: "overdue_follow_up", series_id: null, follow_up_id: "fu1" })}
        networkId="n1"
        followUps={new Map([["fu1", followUp]])}
      />,
    );
    expect(screen.getByText("Coaching").parentElement).toHaveTextContent("متأخرة يومين");
  });
});
