/**
 * Shaping the API's insights into what the charts draw. Pure functions, tested without a
 * browser; the figures themselves are computed by the API (their definitions are in its docs).
 */
import type { Schemas } from "../api/client";
import { t } from "../i18n";

type Graph = Schemas["GiverReceiverGraph"];
type Node = Schemas["GraphNode"];
type Level = Node["level"];

export const LEVEL_ORDER: Level[] = ["global", "regional", "national", "local"];
export const LEVEL_COLOURS: Record<Level, string> = {
  global: "#7b2d8e",
  regional: "#1a5fb4",
  national: "#2f7d4a",
  local: "#b25a00",
};

export type PlacedNode = Node & {
  /** The name as drawn: shortened with an ellipsis when it would not fit beside its node. */
  label: string;
  x: number;
  y: number;
  r: number;
  labelX: number;
  labelY: number;
  anchor: "start" | "end" | "middle";
};
export type PlacedEdge = {
  source: string;
  target: string;
  weight: number;
  mutual: boolean;
  path: string;
  width: number;
};

/** The graph's labels are drawn at this size (px); the room a label needs is estimated from it. */
export const LABEL_FONT_SIZE = 12;
// A glyph's average advance as a share of the font size, on the wide side (sans-serif Latin
// averages about 0.55, Arabic less), so that a shortened label always fits.
const GLYPH_WIDTH = 0.62;
// The widest a label centred above or below its node may be, so neighbours do not collide.
const MAX_CENTRED_LABEL = 180;

/**
 * `text` shortened to fit `width` px at `fontSize`, with an ellipsis where it was cut (by code
 * point, so no character is split). The full text goes in the element's <title>.
 */
export function fitLabel(text: string, width: number, fontSize = LABEL_FONT_SIZE): string {
  const chars = [...text];
  const room = Math.max(4, Math.floor(width / (fontSize * GLYPH_WIDTH)));
  if (chars.length <= room) return text;
  return `${chars
    .slice(0, room - 1)
    .join("")
    .trimEnd()}…`;
}

/**
 * The giver → receiver graph on a ring: organisations grouped by level (global first), node
 * size by activities given + received, edge width by weight, reciprocal pairs curved apart.
 * Right to left, the ring is mirrored, so it reads from the top counter-clockwise. A label's
 * anchor is logical (SVG text-anchor follows the text's direction), so a mirrored label keeps
 * its anchor and still runs outwards, away from its node.
 */
export function graphLayout(
  graph: Graph,
  size = 520,
  margin = 110,
  dir: "ltr" | "rtl" = "ltr",
): { nodes: PlacedNode[]; edges: PlacedEdge[] } {
  const active = graph.nodes.filter((n) => n.facilitated + n.participated > 0);
  const ordered = [...active].sort(
    (a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.name.localeCompare(b.name),
  );
  const c = size / 2;
  const ring = c - margin;
  const maxActivity = Math.max(1, ...ordered.map((n) => n.facilitated + n.participated));
  const round = (v: number) => Math.round(v * 10) / 10;
  const nodes: PlacedNode[] = ordered.map((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(ordered.length, 1) - Math.PI / 2;
    // Which way the label runs from its node in reading order: > 0 along the line of text.
    const outward = Math.cos(angle);
    const cos = dir === "rtl" ? -outward : outward;
    const sin = Math.sin(angle);
    const labelX = round(c + (ring + 24) * cos);
    const centred = Math.abs(cos) < 0.2;
    // The room between the label's anchor and the drawing's edge, on the side it grows to.
    const room = centred
      ? Math.min(MAX_CENTRED_LABEL, 2 * Math.min(labelX, size - labelX))
      : Math.min(labelX, size - labelX);
    return {
      ...n,
      label: fitLabel(n.name, room - 4),
      x: round(c + ring * cos),
      y: round(c + ring * sin),
      r: round(6 + 12 * Math.sqrt((n.facilitated + n.participated) / maxActivity)),
      labelX,
      labelY: round(c + (ring + 24) * sin + 4),
      anchor: centred ? "middle" : outward > 0 ? "start" : "end",
    };
  });
  const at = new Map(nodes.map((n) => [n.organisation_id, n]));
  const pairs = new Set(graph.edges.map((e) => `${e.source}>${e.target}`));
  const maxWeight = Math.max(1, ...graph.edges.map((e) => e.weight));
  const edges: PlacedEdge[] = [];
  for (const e of graph.edges) {
    const s = at.get(e.source);
    const t = at.get(e.target);
    if (!s || !t) continue;
    const mutual = pairs.has(`${e.target}>${e.source}`);
    // Stop the line at the target's edge so its arrowhead stays visible.
    const dx = t.x - s.x;
    const dy = t.y - s.y;
    const len = Math.hypot(dx, dy) || 1;
    const ex = round(t.x - (dx / len) * (t.r + 4));
    const ey = round(t.y - (dy / len) * (t.r + 4));
    const bend = mutual ? 0.15 : 0;
    const mx = round((s.x + ex) / 2 - dy * bend);
    const my = round((s.y + ey) / 2 + dx * bend);
    edges.push({
      source: e.source,
      target: e.target,
      weight: e.weight,
      mutual,
      path: `M${s.x},${s.y} Q${mx},${my} ${ex},${ey}`,
      width: round(1 + 4 * (e.weight / maxWeight)),
    });
  }
  return { nodes, edges };
}

/** Given vs received per organisation, for the diverging bar chart (received drawn leftwards). */
export function balanceRows(
  nodes: Node[],
  limit = 15,
): { name: string; gave: number; received: number; balance: number | null }[] {
  return nodes
    .filter((n) => n.facilitated + n.participated > 0)
    .sort((a, b) => b.facilitated + b.participated - (a.facilitated + a.participated) || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((n) => ({ name: n.name, gave: n.facilitated, received: -n.participated, balance: n.balance ?? null }));
}

/** The 4 × 4 level matrix as rows (facilitator level) with a 0–1 shade per cell. */
export function levelMatrix(
  cells: Schemas["LevelFlowCell"][],
): { from: Level; cells: { to: Level; pairs: number; shade: number }[] }[] {
  const max = Math.max(1, ...cells.map((c) => c.pairs));
  return LEVEL_ORDER.map((from) => ({
    from,
    cells: LEVEL_ORDER.map((to) => {
      const pairs = cells.find((c) => c.facilitator_level === from && c.participant_level === to)?.pairs ?? 0;
      return { to, pairs, shade: Math.round((pairs / max) * 100) / 100 };
    }),
  }));
}

/** Whether learning flows top-down, bottom-up or between peers, in words. */
export function flowVerdict(flow: Pick<Schemas["LevelFlow"], "downward" | "peer" | "upward">): string {
  const total = flow.downward + flow.peer + flow.upward;
  if (!total)
    return t({
      id: "insights.flow.none",
      defaultMessage: "No learning exchanges between organisations in this period.",
    });
  const down = flow.downward / total;
  if (down >= 0.7)
    return t({
      id: "insights.flow.top_down",
      defaultMessage: "Mostly top-down: higher levels teach, lower levels receive.",
    });
  if (flow.upward / total >= 0.3 && down <= 0.5)
    return t({
      id: "insights.flow.mutual",
      defaultMessage: "Mutual: learning also flows up from local and national members.",
    });
  if (flow.peer / total >= 0.5)
    return t({ id: "insights.flow.peer", defaultMessage: "Mostly between peers at the same level." });
  return t({ id: "insights.flow.mixed", defaultMessage: "Mixed: some learning flows up, most flows down." });
}

/** Capacity areas per quarter for the stacked bar chart. */
export function capacityRows(
  quarters: Schemas["QuarterCapacity"][],
): { quarter: string; operate: number; act: number; connect: number }[] {
  return quarters.map((q) => ({
    quarter: quarterLabel(q.quarter),
    operate: q.operate,
    act: q.act,
    connect: q.connect,
  }));
}

/** "2026-Q1" as its readers write a quarter ("2026 Q1", "T1 2026"). */
function quarterLabel(quarter: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) return quarter;
  // Passed as text: a year is not a quantity, so it gets no digit grouping ("2,026").
  return t({ id: "insights.capacity.quarter", defaultMessage: "{year} Q{quarter}" }, { year: m[1], quarter: m[2] });
}

/** Participants by gender with each share of those who reported it. */
export function genderRows(
  g: Schemas["GenderInsights"],
): { key: string; name: string; value: number; share: number | null }[] {
  const rows = [
    { key: "women", name: t({ id: "insights.gender.women", defaultMessage: "Women" }), value: g.women },
    { key: "men", name: t({ id: "insights.gender.men", defaultMessage: "Men" }), value: g.men },
    {
      key: "non_binary",
      name: t({ id: "insights.gender.non_binary", defaultMessage: "Non-binary" }),
      value: g.non_binary,
    },
    {
      key: "undisclosed",
      name: t({ id: "insights.gender.undisclosed", defaultMessage: "Undisclosed" }),
      value: g.undisclosed,
    },
  ];
  const total = rows.reduce((s, r) => s + r.value, 0);
  return rows.map((r) => ({ ...r, share: total ? r.value / total : null }));
}

/** A period picker's choices, as from/to query values (null = open). */
export function periodRange(
  choice: "12m" | "3y" | "all",
  now = new Date(),
): { from: string | null; to: string | null } {
  if (choice === "all") return { from: null, to: null };
  const from = new Date(
    Date.UTC(now.getUTCFullYear() - (choice === "12m" ? 1 : 3), now.getUTCMonth(), now.getUTCDate()),
  );
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  return { from: from.toISOString(), to: to.toISOString() };
}
