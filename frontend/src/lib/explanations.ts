/**
 * What each insights figure means for the network, in a coordinator's words, shown next to the
 * figure. The wording follows the value's range: the cut-offs are where a coordinator would
 * start to read "a few", "some" or "most", not statistical thresholds.
 */
import type { Schemas } from "../api/client";
import { t } from "../i18n";

/** Follow-up rate (0–1, null when no held activity expected a follow-up). */
export function explainFollowUpRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined)
    return t({
      id: "insights.explain.follow_up_none",
      defaultMessage: "No activity held in this period expected a follow-up.",
    });
  if (rate >= 0.8)
    return t({
      id: "insights.explain.follow_up_high",
      defaultMessage: "Nearly every activity that needed a follow-up got one.",
    });
  if (rate >= 0.5)
    return t({
      id: "insights.explain.follow_up_mid",
      defaultMessage: "Most activities that needed a follow-up got one, but some were left without.",
    });
  return t({
    id: "insights.explain.follow_up_low",
    defaultMessage: "Most activities that needed a follow-up did not get one, so their learning may be lost.",
  });
}

/** Meetings on cadence (0–1, null when no recurring meeting was due). */
export function explainCadence(rate: number | null | undefined): string {
  if (rate === null || rate === undefined)
    return t({
      id: "insights.explain.cadence_none",
      defaultMessage: "No recurring meeting was due in this period.",
    });
  if (rate >= 0.9)
    return t({
      id: "insights.explain.cadence_high",
      defaultMessage: "The recurring meetings take place as planned.",
    });
  if (rate >= 0.6)
    return t({
      id: "insights.explain.cadence_mid",
      defaultMessage: "Most recurring meetings took place, but some were missed.",
    });
  return t({
    id: "insights.explain.cadence_low",
    defaultMessage: "Many recurring meetings did not take place: a platform may be fading away.",
  });
}

/** Reciprocity (0–1, null when no organisation gave to another). */
export function explainReciprocity(reciprocity: number | null | undefined): string {
  if (reciprocity === null || reciprocity === undefined)
    return t({
      id: "insights.explain.reciprocity_none",
      defaultMessage: "No organisation gave to another in this period, so there is nothing to compare.",
    });
  if (reciprocity >= 0.5)
    return t({
      id: "insights.explain.reciprocity_high",
      defaultMessage: "Most links go both ways: organisations learn from each other.",
    });
  if (reciprocity >= 0.2)
    return t({
      id: "insights.explain.reciprocity_mid",
      defaultMessage: "Some links go both ways, but in most one organisation only gives and the other only receives.",
    });
  return t({
    id: "insights.explain.reciprocity_low",
    defaultMessage: "Learning flows one way: those who give rarely receive from those they give to.",
  });
}

/**
 * Facilitation concentration, a Gini coefficient over what each member facilitated: 0 when
 * all facilitated equally often, close to 1 when one organisation facilitated everything.
 * The API also answers 0 when nobody facilitated, which means something else entirely.
 */
export function explainFacilitationGini(graph: Pick<Schemas["GiverReceiverGraph"], "facilitation_gini" | "nodes">) {
  if (!graph.nodes.some((n) => n.facilitated > 0))
    return t({
      id: "insights.explain.gini_none",
      defaultMessage: "No organisation facilitated an activity in this period.",
    });
  const gini = graph.facilitation_gini;
  if (gini < 0.3)
    return t({
      id: "insights.explain.gini_low",
      defaultMessage: "Facilitation is shared widely: many organisations take their turn at leading.",
    });
  if (gini < 0.6)
    return t({
      id: "insights.explain.gini_mid",
      defaultMessage: "Facilitation is shared unevenly: some organisations facilitate much more often than others.",
    });
  return t({
    id: "insights.explain.gini_high",
    defaultMessage: "A few organisations do most of the facilitating; the others mostly take part.",
  });
}

/** Multipliers: organisations that passed on what they learned by facilitating a cascade. */
export function explainMultipliers(organisations: number): string {
  return t(
    {
      id: "insights.explain.multipliers",
      defaultMessage:
        "{count, plural, =0 {No organisation has yet passed on what it learned by facilitating an activity of its own.} one {One organisation passed on what it learned by facilitating an activity of its own.} other {# organisations passed on what they learned by facilitating activities of their own.}}",
    },
    { count: organisations },
  );
}

/** Activities held: what the count covers (planned and cancelled ones are not in it). */
export function explainActivitiesHeld(): string {
  return t({
    id: "insights.explain.activities_held",
    defaultMessage:
      "Trainings, workshops, meetings and other activities that took place, not those planned or cancelled.",
  });
}
