import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Finding } from "../api/hooks/findings";
import type { FollowUp } from "../api/hooks/followups";
import arFindings from "../i18n/messages/ar/findings.json";
import esFindings from "../i18n/messages/es/findings.json";
import frFindings from "../i18n/messages/fr/findings.json";
import ptFindings from "../i18n/messages/pt/findings.json";
import { activate } from "../i18n/translate";
import { formatDate } from "../lib/format";
import { mockApi } from "../test/fetchMock";
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

const catalogs = { fr: frFindings, es: esFindings, pt: ptFindings, ar: arFindings };

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

  describe("say what each status means", () => {
    const missing = (over: Partial<Finding>) =>
      finding({
        kind: "missing_follow_up",
        series_id: null,
        activity_id: "a1",
        subject_title: "Learning visit",
        ...over,
      });
    const heldActivity = () =>
      mockApi([
        [
          "GET",
          "/api/v1/activities/a1",
          () => ({
            body: {
              id: "a1",
              title: "Learning visit",
              starts_at: "2026-09-18T09:00:00",
              ends_at: "2026-09-20T17:00:00",
            },
          }),
        ],
      ]);

    it("an open activity without a follow-up is shown by its span of days", async () => {
      heldActivity();
      renderWithApp(<FindingSubject finding={missing({})} networkId="n1" />);
      expect(await screen.findByText(/held Sep 18/)).toHaveTextContent(
        /^Learning visit \(held Sep 18\s–\s20, 2026\) has no follow-up yet$/,
      );
    });

    it("a resolved one no longer says the activity has no follow-up", async () => {
      heldActivity();
      renderWithApp(<FindingSubject finding={missing({ status: "resolved" })} networkId="n1" />);
      const link = await screen.findByRole("link", { name: "Learning visit" });
      expect(link.parentElement).toHaveTextContent("Resolved: Learning visit no longer lacks a follow-up");
      expect(link.parentElement).not.toHaveTextContent("has no follow-up yet");
    });

    it("a dismissed one says it was dismissed", () => {
      renderWithApp(
        <FindingSubject finding={finding({ status: "dismissed", subject_title: "Annual meeting" })} networkId="n1" />,
      );
      expect(screen.getByRole("link", { name: "Annual meeting" }).parentElement).toHaveTextContent(
        "Dismissed: the missed meeting of Annual meeting on Mar 2, 2026 needs no action",
      );
    });

    it("a snoozed one says until when, as a date", () => {
      renderWithApp(
        <FindingSubject
          finding={finding({
            status: "acknowledged",
            snoozed_until: "2999-01-15T10:00:00Z",
            subject_title: "Annual meeting",
          })}
          networkId="n1"
        />,
      );
      expect(screen.getByRole("link", { name: "Annual meeting" }).parentElement).toHaveTextContent(
        /^Annual meeting did not meet on Mar 2, 2026; reminders are snoozed until Jan 15, 2999$/,
      );
    });

    it("an overdue follow-up is named from the finding, without the list of follow-ups", () => {
      renderWithApp(
        <FindingSubject
          finding={finding({
            kind: "overdue_follow_up",
            series_id: null,
            follow_up_id: "fu1",
            follow_up_title: "Coaching call",
            expected_on: "2026-03-02",
          })}
          networkId="n1"
        />,
      );
      expect(screen.getByText("Coaching call").parentElement).toHaveTextContent(
        /^Coaching call, after An activity, is \d+ days overdue$/,
      );
    });

    it("in each language, a resolved overdue follow-up says so", () => {
      const resolved = finding({
        kind: "overdue_follow_up",
        status: "resolved",
        series_id: null,
        follow_up_title: "Coaching",
      });
      const expected = {
        fr: "Résolu : Coaching, après Une activité, n’est plus en retard",
        es: "Resuelto: Coaching, después de Una actividad, ya no está atrasado",
        pt: "Resolvida: Coaching, depois de Uma atividade, já não está atrasado",
        ar: "محلولة: لم تعد Coaching، بعد نشاط ما، متأخرة",
      } as const;
      for (const [locale, text] of Object.entries(expected)) {
        activate(locale as keyof typeof catalogs, catalogs[locale as keyof typeof catalogs]);
        const { unmount } = renderWithApp(<FindingSubject finding={resolved} networkId="n1" />);
        expect(screen.getByText("Coaching").parentElement).toHaveTextContent(text);
        unmount();
      }
    });

    it("in each language, a snoozed finding gives its date as that language writes it", () => {
      const snoozed = finding({
        status: "acknowledged",
        snoozed_until: "2999-01-15T10:00:00Z",
        subject_title: "Annual",
      });
      for (const [locale, catalog] of Object.entries(catalogs)) {
        activate(locale as keyof typeof catalogs, catalog);
        const { unmount } = renderWithApp(<FindingSubject finding={snoozed} networkId="n1" />);
        const sentence = screen.getByRole("link", { name: "Annual" }).parentElement;
        expect(sentence).toHaveTextContent(formatDate("2999-01-15T10:00:00Z"));
        expect(sentence).not.toHaveTextContent("snoozed until");
        unmount();
      }
    });
  });
});
