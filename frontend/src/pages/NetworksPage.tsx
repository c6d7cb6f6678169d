import { Link } from "react-router";
import { useNetworkHealth } from "../api/hooks/health";
import { useNetworks, type Network } from "../api/hooks/networks";
import { useSession } from "../api/hooks/session";
import { ROLES, label } from "../lib/labels";
import { percent } from "../lib/format";
import { Badge, Empty, PageHeader, QueryState } from "../components/ui";

function HealthLine({ network }: { network: Network }) {
  const health = useNetworkHealth(network);
  if (health.isPending) return <p className="muted health-line">Checking health…</p>;
  if (health.error || !health.data) return <p className="muted health-line">Health not available right now.</p>;
  const h = health.data;
  return (
    <dl className="health-line">
      <div>
        <dt>Open findings</dt>
        <dd>
          <Badge tone={h.openFindings ? "bad" : "good"}>
            {h.openFindings}
            {h.openFindingsCapped ? "+" : ""}
          </Badge>
        </dd>
      </div>
      <div>
        <dt>Follow-up rate (12 months)</dt>
        <dd>
          <Badge
            tone={
              h.followUpRate === null
                ? "neutral"
                : h.followUpRate >= 0.8
                  ? "good"
                  : h.followUpRate >= 0.5
                    ? "warn"
                    : "bad"
            }
          >
            {percent(h.followUpRate)}
          </Badge>
        </dd>
      </div>
    </dl>
  );
}

export const NETWORKS_TEXT = {
  none: "You are not in any network yet.",
  howToJoin: (email: string) =>
    `A coordinator adds you by sending an invitation to ${email}; open the link in that email.`,
  profile: "Your profile",
  adminNone: "There is no network yet.",
  adminCreate: "Create one in the site administration",
} as const;

export function NetworksPage() {
  const networks = useNetworks();
  const session = useSession();
  return (
    <main id="main" tabIndex={-1} className="content content-narrow">
      <PageHeader
        title="Your networks"
        subtitle={`Signed in as ${session.data?.user.name || session.data?.user.email || ""}`}
      />
      <QueryState
        query={networks}
        empty={(list) =>
          list.length === 0 ? (
            session.data?.user.is_admin ? (
              <Empty title={NETWORKS_TEXT.adminNone}>
                <Link to="/admin">{NETWORKS_TEXT.adminCreate}</Link>
              </Empty>
            ) : (
              <Empty title={NETWORKS_TEXT.none}>
                <p>{NETWORKS_TEXT.howToJoin(session.data?.user.email ?? "")}</p>
                <p>
                  <Link to="/profile">{NETWORKS_TEXT.profile}</Link>
                </p>
              </Empty>
            )
          ) : null
        }
      >
        {(list) => (
          <ul className="network-list">
            {list.map((n) => (
              <li key={n.id} className="card network-card">
                <h2>
                  <Link to={`/networks/${n.id}`}>{n.name}</Link>
                </h2>
                <p className="muted">
                  {n.my_role ? label(ROLES, n.my_role) : "Site admin"} · {n.timezone}
                </p>
                {n.description ? <p className="clamp">{n.description}</p> : null}
                <HealthLine network={n} />
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </main>
  );
}
