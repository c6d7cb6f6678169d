/**
 * The giver → receiver graph, plain SVG: organisations on a ring (lib/insights graphLayout),
 * arrows from the facilitating organisation to the participants, and the same links as a
 * table for those who do not see the drawing. Mirrored right to left (the active language's
 * direction, which the I18nProvider also sets on <html dir>).
 */
import type { Schemas } from "../api/client";
import { activeLocale, direction, formatList, t } from "../i18n";
import { formatNumber } from "../lib/format";
import { LABEL_FONT_SIZE, LEVEL_COLOURS, LEVEL_ORDER, graphLayout } from "../lib/insights";
import { LEVELS, label } from "../lib/labels";

export function GiverReceiverGraph({ graph, size = 600 }: { graph: Schemas["GiverReceiverGraph"]; size?: number }) {
  const dir = direction(activeLocale());
  const { nodes, edges } = graphLayout(graph, size, 150, dir);
  if (nodes.length === 0)
    return (
      <p className="muted">
        {t({ id: "insights.graph.empty", defaultMessage: "No organisation gave or received in this period." })}
      </p>
    );
  const names = new Map(nodes.map((n) => [n.organisation_id, n.name]));
  const gave = (e: (typeof edges)[number]) =>
    t(
      {
        id: "insights.graph.gave_to",
        defaultMessage: "{giver} gave to {receiver} {times, plural, one {once} other {# times}}",
      },
      { giver: names.get(e.source), receiver: names.get(e.target), times: e.weight },
    );
  return (
    <figure className="chart-figure">
      <svg
        className="chart-svg"
        viewBox={`0 0 ${size} ${size}`}
        direction={dir}
        role="img"
        aria-labelledby="graph-title graph-desc"
      >
        <title id="graph-title">{t({ id: "insights.graph.title", defaultMessage: "Who gives to whom" })}</title>
        <desc id="graph-desc">{formatList(edges.map(gave))}</desc>
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
          <g key={n.organisation_id} data-organisation={n.organisation_id}>
            <circle cx={n.x} cy={n.y} r={n.r} fill={LEVEL_COLOURS[n.level]} stroke="#fff" strokeWidth={2} />
            <text x={n.labelX} y={n.labelY} textAnchor={n.anchor} fontSize={LABEL_FONT_SIZE} fill="#1f2328">
              <title>{n.name}</title>
              {n.label}
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
          <span className="swatch swatch-line" style={{ background: "#2f7d4a" }} aria-hidden="true" />
          {t({ id: "insights.graph.mutual_link", defaultMessage: "mutual link" })}
        </span>
        <span className="legend-item">
          <span className="swatch swatch-line" style={{ background: "#8a8580" }} aria-hidden="true" />
          {t({ id: "insights.graph.one_way_link", defaultMessage: "one-way link" })}
        </span>
      </figcaption>
      <details>
        <summary>{t({ id: "insights.graph.show_table", defaultMessage: "Show the links as a table" })}</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t({ id: "insights.graph.col_gives", defaultMessage: "Gives" })}</th>
              <th scope="col">{t({ id: "insights.graph.col_receives", defaultMessage: "Receives" })}</th>
              <th scope="col">{t({ id: "insights.graph.col_activities", defaultMessage: "Activities" })}</th>
              <th scope="col">{t({ id: "insights.graph.col_mutual", defaultMessage: "Mutual" })}</th>
            </tr>
          </thead>
          <tbody>
            {edges.map((e) => (
              <tr key={`${e.source}>${e.target}`}>
                <td>{names.get(e.source)}</td>
                <td>{names.get(e.target)}</td>
                <td>{formatNumber(e.weight)}</td>
                <td>
                  {e.mutual
                    ? t({ id: "insights.graph.yes", defaultMessage: "yes" })
                    : t({ id: "insights.graph.no", defaultMessage: "no" })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
