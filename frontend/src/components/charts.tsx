/**
 * The insights bar charts and level matrix, drawn by Recharts (the giver → receiver graph is
 * plain SVG, in GiverReceiverGraph.tsx). Each chart has a text alternative (a table or a
 * summary), so no one depends on colour or on seeing the drawing.
 *
 * Right to left (the active language's direction, which the I18nProvider also sets on
 * <html dir>), the charts whose direction carries meaning are mirrored: bars grow from the
 * right, time runs right to left and the category labels sit on the right.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ReactElement } from "react";
import type { LegendPayload } from "recharts";
import type { Schemas } from "../api/client";
import { activeLocale, direction, formatList, t } from "../i18n";
import {
  LABEL_FONT_SIZE,
  LEVEL_ORDER,
  balanceRows,
  capacityRows,
  fitLabel,
  genderRows,
  levelMatrix,
} from "../lib/insights";
import { formatNumber, percent } from "../lib/format";
import { CAPACITY_AREAS, LEVELS, label } from "../lib/labels";

const AREA_COLOURS = { operate: "#1a5fb4", act: "#9c321c", connect: "#2f7d4a" } as const;

/** The reading direction the charts are drawn in: the active language's. */
function readingDirection(): "ltr" | "rtl" {
  return direction(activeLocale());
}

/**
 * Recharts' placement for a chart drawn in `dir`: the value axis runs from the inline start
 * and the category axis sits on the start side; `start` and `end` are the chart's margins
 * (px) on those two sides.
 */
function axesFor(dir: "ltr" | "rtl", start: number, end: number) {
  const rtl = dir === "rtl";
  return {
    reversed: rtl,
    orientation: rtl ? ("right" as const) : ("left" as const),
    margin: rtl ? { left: end, right: start } : { left: start, right: end },
  };
}

/**
 * A category axis' label (an organisation's name), shortened to fit the axis with an ellipsis,
 * the full text in its <title> (the browser's tooltip). Anchored at its end, which is next to
 * the bars in both directions, since the chart's text follows the reading direction.
 */
function NameTick({ x, y, payload, room }: { x?: number; y?: number; payload?: { value?: unknown }; room: number }) {
  const name = String(payload?.value ?? "");
  return (
    <text x={x} y={y} dy="0.35em" textAnchor="end" fontSize={LABEL_FONT_SIZE} fill="#1f2328">
      <title>{name}</title>
      {fitLabel(name, room)}
    </text>
  );
}

/**
 * A chart's box, `height` px tall and drawn in `dir`: one image to assistive technology,
 * named by `label` (the chart's data in words).
 */
function ChartFrame({
  dir,
  height,
  label,
  children,
}: {
  dir: "ltr" | "rtl";
  height: number;
  label: string;
  children: ReactElement;
}) {
  return (
    <div className="chart" dir={dir} style={{ height }} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </div>
  );
}

/** An axis tick or tooltip count: received is drawn below zero, but read as a count. */
const count = (v: unknown) => formatNumber(Math.abs(Number(v)));

/**
 * The series' legend, drawn like the graph's (.legend): Recharts' own spaces its items with
 * physical margins, which do not mirror right to left.
 */
function SeriesLegend({ payload }: { payload?: readonly LegendPayload[] }) {
  return (
    <div className="legend small">
      {payload?.map((p) => (
        <span key={String(p.dataKey ?? p.value)} className="legend-item">
          <span className="swatch" style={{ background: p.color }} aria-hidden="true" />
          {p.value}
        </span>
      ))}
    </div>
  );
}

/** Each organisation's given (towards the inline end) and received (towards the start). */
export function BalanceChart({ nodes }: { nodes: Schemas["GraphNode"][] }) {
  const rows = balanceRows(nodes);
  const dir = readingDirection();
  if (!rows.length)
    return <p className="muted">{t({ id: "insights.balance.empty", defaultMessage: "Nothing to compare yet." })}</p>;
  const axes = axesFor(dir, 8, 16);
  const summary = formatList(
    rows.map((r) =>
      t(
        { id: "insights.balance.row", defaultMessage: "{name} gave {gave}, received {received}" },
        { name: r.name, gave: r.gave, received: -r.received },
      ),
    ),
  );
  return (
    <ChartFrame
      dir={dir}
      height={60 + rows.length * 32}
      label={t(
        { id: "insights.balance.label", defaultMessage: "Given and received per organisation: {summary}" },
        { summary },
      )}
    >
      <BarChart data={rows} layout="vertical" stackOffset="sign" margin={axes.margin} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} reversed={axes.reversed} tickFormatter={count} />
        <YAxis
          type="category"
          dataKey="name"
          orientation={axes.orientation}
          width={170}
          tick={<NameTick room={160} />}
        />
        <Tooltip formatter={count} />
        <Legend content={<SeriesLegend />} />
        <ReferenceLine x={0} stroke="#57606a" />
        <Bar
          dataKey="received"
          name={t({ id: "insights.balance.received", defaultMessage: "Received" })}
          fill="#1a5fb4"
          stackId="s"
          isAnimationActive={false}
        />
        <Bar
          dataKey="gave"
          name={t({ id: "insights.balance.gave", defaultMessage: "Gave" })}
          fill="#9c321c"
          stackId="s"
          isAnimationActive={false}
        />
      </BarChart>
    </ChartFrame>
  );
}

/** The participant level each column stands for, as its header says it. */
function toLevel(level: (typeof LEVEL_ORDER)[number]): string {
  return t(
    {
      id: "insights.levels.to_level",
      defaultMessage:
        "{level, select, global {to global} regional {to regional} national {to national} local {to local} other {to {level}}}",
    },
    { level },
  );
}

export function LevelFlowMatrix({ flow }: { flow: Schemas["LevelFlow"] }) {
  const rows = levelMatrix(flow.cells);
  return (
    <div
      className="table-wrap"
      tabIndex={0}
      role="region"
      aria-label={t({ id: "insights.levels.matrix_label", defaultMessage: "Level flow matrix" })}
    >
      <table className="table matrix">
        <caption className="small muted">
          {t({
            id: "insights.levels.caption",
            defaultMessage:
              "Rows: the facilitators' level. Columns: the participants' level. Cells: facilitator–participant pairs.",
          })}
        </caption>
        <thead>
          <tr>
            <td />
            {LEVEL_ORDER.map((l) => (
              <th key={l} scope="col">
                {toLevel(l)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.from}>
              <th scope="row">{label(LEVELS, r.from)}</th>
              {r.cells.map((c) => (
                <td key={c.to} className="cell" style={{ background: `rgb(156 50 28 / ${0.08 + c.shade * 0.5})` }}>
                  {formatNumber(c.pairs)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Capacity areas per quarter; time runs in the reading direction. */
export function CapacityChart({ quarters }: { quarters: Schemas["QuarterCapacity"][] }) {
  const rows = capacityRows(quarters);
  const dir = readingDirection();
  if (!rows.length)
    return (
      <p className="muted">
        {t({ id: "insights.capacity.empty", defaultMessage: "No held activity in this period." })}
      </p>
    );
  const axes = axesFor(dir, 0, 8);
  const summary = formatList(
    rows.map((r) =>
      t(
        {
          id: "insights.capacity.row",
          defaultMessage: "{quarter}: capacity to operate {operate}, to act {act}, to connect {connect}",
        },
        r,
      ),
    ),
  );
  return (
    <ChartFrame
      dir={dir}
      height={280}
      label={t({ id: "insights.capacity.label", defaultMessage: "Capacity areas per quarter: {summary}" }, { summary })}
    >
      <BarChart data={rows} margin={axes.margin} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="quarter" reversed={axes.reversed} tick={{ fontSize: 12 }} />
        <YAxis
          allowDecimals={false}
          width={32}
          orientation={axes.orientation}
          tickFormatter={count}
          tick={{ textAnchor: "end" }}
        />
        <Tooltip formatter={count} />
        <Legend content={<SeriesLegend />} />
        {(["operate", "act", "connect"] as const).map((k) => (
          <Bar
            key={k}
            dataKey={k}
            name={label(CAPACITY_AREAS, k)}
            stackId="a"
            fill={AREA_COLOURS[k]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartFrame>
  );
}

/** Participants by gender; bars grow from the inline start. */
export function GenderChart({ gender }: { gender: Schemas["GenderInsights"] }) {
  const rows = genderRows(gender);
  const dir = readingDirection();
  if (!gender.activities_reporting)
    return (
      <p className="muted">
        {t({
          id: "insights.gender.empty",
          defaultMessage: "No held activity recorded participants by gender in this period.",
        })}
      </p>
    );
  const axes = axesFor(dir, 8, 24);
  const shares = formatList(
    rows.map((r) =>
      t({ id: "insights.gender.share", defaultMessage: "{name} {share}" }, { name: r.name, share: percent(r.share) }),
    ),
  );
  const counted = formatList(
    rows.map((r) =>
      t(
        { id: "insights.gender.count", defaultMessage: "{name} {value} ({share})" },
        { name: r.name, value: r.value, share: percent(r.share) },
      ),
    ),
  );
  return (
    <>
      <ChartFrame
        dir={dir}
        height={220}
        label={t({ id: "insights.gender.label", defaultMessage: "Participants by gender: {counted}" }, { counted })}
      >
        <BarChart data={rows} layout="vertical" margin={axes.margin} accessibilityLayer={false}>
          <XAxis type="number" allowDecimals={false} reversed={axes.reversed} tickFormatter={count} />
          <YAxis
            type="category"
            dataKey="name"
            orientation={axes.orientation}
            width={100}
            tick={<NameTick room={90} />}
          />
          <Tooltip formatter={count} />
          <Bar
            dataKey="value"
            name={t({ id: "insights.gender.participants", defaultMessage: "Participants" })}
            fill="#7b2d8e"
            isAnimationActive={false}
          />
        </BarChart>
      </ChartFrame>
      <p className="small muted">
        {t(
          {
            id: "insights.gender.summary",
            defaultMessage:
              "{shares}, from {activities, plural, one {# activity} other {# activities}} that recorded it.",
          },
          { shares, activities: gender.activities_reporting },
        )}
      </p>
    </>
  );
}
