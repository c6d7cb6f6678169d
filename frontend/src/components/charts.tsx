/**
 * The insights charts. Recharts draws the bar charts; the giver → receiver graph is plain
 * SVG. Each chart has a text alternative (a table or a summary), so no one depends on colour
 * or on seeing the drawing.
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
import type { Schemas } from "../api/client";
import {
  LEVEL_COLOURS,
  LEVEL_ORDER,
  balanceRows,
  capacityRows,
  genderRows,
  graphLayout,
  levelMatrix,
} from "../lib/insights";
import { percent } from "../lib/format";
import { CAPACITY_AREAS, LEVELS, label } from "../lib/labels";

const AREA_COLOURS = { operate: "#1a5fb4", act: "#9c321c", connect: "#2f7d4a" } as const;

export function GiverReceiverGraph({ graph, size = 600 }: { graph: Schemas["GiverReceiverGraph"]; size?: number }) {
  const { nodes, edges } = graphLayout(graph, size, 150);
  if (nodes.length === 0) return <p className="muted">No organisation gave or received in this period.</p>;
  const names = new Map(nodes.map((n) => [n.organisation_id, n.name]));
  return (
    <figure className="chart-figure">
      <svg className="chart-svg" viewBox={`0 0 ${size} ${size}`} role="img" aria-labelledby="graph-title graph-desc">
        <title id="graph-title">Who gives to whom</title>
        <desc id="graph-desc">
          {edges.map((e) => `${names.get(e.source)} gave to ${names.get(e.target)} ${e.weight} times`).join("; ")}
        </desc>
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="9"
            markerHeight="9"
            markerUnits="userSpaceOnUse"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="#57606a" />
          </marker>
        </defs>
        {edges.map((e) => (
          <path
            key={`${e.source}>${e.target}`}
            d={e.path}
            fill="none"
            stroke={e.mutual ? "#2f7d4a" : "#8a8580"}
            strokeWidth={e.width}
            strokeOpacity={0.8}
            markerEnd="url(#arrow)"
          />
        ))}
        {nodes.map((n) => (
          <g key={n.organisation_id}>
            <circle cx={n.x} cy={n.y} r={n.r} fill={LEVEL_COLOURS[n.level]} stroke="#fff" strokeWidth={2} />
            <text x={n.labelX} y={n.labelY} textAnchor={n.anchor} fontSize="12" fill="#1f2328">
              {n.name.length > 24 ? `${n.name.slice(0, 23)}…` : n.name}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="legend small">
        {LEVEL_ORDER.map((l) => (
          <span key={l} className="legend-item">
            <span className="swatch" style={{ background: LEVEL_COLOURS[l] }} aria-hidden="true" /> {label(LEVELS, l)}
          </span>
        ))}
        <span className="legend-item">
          <span className="swatch swatch-line" style={{ background: "#2f7d4a" }} aria-hidden="true" /> mutual link
        </span>
        <span className="legend-item">
          <span className="swatch swatch-line" style={{ background: "#8a8580" }} aria-hidden="true" /> one-way link
        </span>
      </figcaption>
      <details>
        <summary>Show the links as a table</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Gives</th>
              <th scope="col">Receives</th>
              <th scope="col">Activities</th>
              <th scope="col">Mutual</th>
            </tr>
          </thead>
          <tbody>
            {edges.map((e) => (
              <tr key={`${e.source}>${e.target}`}>
                <td>{names.get(e.source)}</td>
                <td>{names.get(e.target)}</td>
                <td>{e.weight}</td>
                <td>{e.mutual ? "yes" : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export function BalanceChart({ nodes }: { nodes: Schemas["GraphNode"][] }) {
  const rows = balanceRows(nodes);
  if (!rows.length) return <p className="muted">Nothing to compare yet.</p>;
  return (
    <div
      className="chart"
      style={{ height: 60 + rows.length * 32 }}
      role="img"
      aria-label={`Given and received per organisation: ${rows.map((r) => `${r.name} gave ${r.gave}, received ${-r.received}`).join("; ")}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows}
          layout="vertical"
          stackOffset="sign"
          margin={{ left: 8, right: 16 }}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tickFormatter={(v: number) => String(Math.abs(v))} />
          <YAxis type="category" dataKey="name" width={170} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => Math.abs(Number(v))} />
          <Legend />
          <ReferenceLine x={0} stroke="#57606a" />
          <Bar dataKey="received" name="Received" fill="#1a5fb4" stackId="s" isAnimationActive={false} />
          <Bar dataKey="gave" name="Gave" fill="#9c321c" stackId="s" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function LevelFlowMatrix({ flow }: { flow: Schemas["LevelFlow"] }) {
  const rows = levelMatrix(flow.cells);
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Level flow matrix">
      <table className="table matrix">
        <caption className="small muted">
          Rows: the facilitators' level. Columns: the participants' level. Cells: facilitator–participant pairs.
        </caption>
        <thead>
          <tr>
            <td />{" "}
            {LEVEL_ORDER.map((l) => (
              <th key={l} scope="col">
                to {label(LEVELS, l).toLowerCase()}
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
                  {c.pairs}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CapacityChart({ quarters }: { quarters: Schemas["QuarterCapacity"][] }) {
  const rows = capacityRows(quarters);
  if (!rows.length) return <p className="muted">No held activity in this period.</p>;
  return (
    <div
      className="chart"
      style={{ height: 280 }}
      role="img"
      aria-label={`Capacity areas per quarter: ${rows.map((r) => `${r.quarter}: operate ${r.operate}, act ${r.act}, connect ${r.connect}`).join("; ")}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ left: 0, right: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="quarter" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} width={32} />
          <Tooltip />
          <Legend />
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
      </ResponsiveContainer>
    </div>
  );
}

export function GenderChart({ gender }: { gender: Schemas["GenderInsights"] }) {
  const rows = genderRows(gender);
  if (!gender.activities_reporting)
    return <p className="muted">No held activity recorded participants by gender in this period.</p>;
  return (
    <>
      <div
        className="chart"
        style={{ height: 220 }}
        role="img"
        aria-label={`Participants by gender: ${rows.map((r) => `${r.name} ${r.value} (${percent(r.share)})`).join(", ")}`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 24 }} accessibilityLayer={false}>
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={100} />
            <Tooltip />
            <Bar dataKey="value" name="Participants" fill="#7b2d8e" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p className="small muted">
        {rows.map((r) => `${r.name} ${percent(r.share)}`).join(" · ")} — from {gender.activities_reporting} activities
        that recorded it.
      </p>
    </>
  );
}
