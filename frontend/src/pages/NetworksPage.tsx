import { Link } from "react-router";
import { msg, t } from "../i18n";
import { useNetworkHealth } from "../api/hooks/health";
import { useNetworks, type Network } from "../api/hooks/networks";
import { useSession } from "../api/hooks/session";
import { ROLES, label } from "../lib/labels";
import { formatNumber, percent } from "../lib/format";
import { Badge, Empty, PageHeader, QueryState } from "../components/ui";
import { texts } from "../lib/texts";

function HealthLine({ network }: { network: Network }) {
  const health = useNetworkHealth(network);
  if (health.isPending)
    return (
      <p className="muted health-line">{t({ id: "networks.health.checking", defaultMessage: "Checking health…" })}</p>
    );
  if (health.error || !health.data)
    return (
      <p className="muted health-line">
        {t({ id: "networks.health.unavailable", defaultMessage: "Health not available right now." })}
      </p>
    );
  const h = health.data;
  return (
    <dl className="health-line">
      <div>
        <dt>{t({ id: "networks.health.openFindings", defaultMessage: "Open findings" })}</dt>
        <dd>
          <Badge tone={h.openFindings ? "bad" : "good"}>
            {h.openFindingsCapped
              ? t(
                  { id: "networks.health.openFindingsCapped", defaultMessage: "{count}+" },
                  { count: formatNumber(h.openFindings) },
                )
              : formatNumber(h.openFindings)}
          </Badge>
        </dd>
      </div>
      <div>
        <dt>{t({ id: "networks.health.followUpRate", defaultMessage: "Follow-up rate (12 months)" })}</dt>
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

export const NETWORKS_TEXT = texts({
  none: msg({ id: "networks.none", defaultMessage: "You are not in any network yet." }),
  howToJoin: (email: string) =>
    t(
      {
        id: "networks.howToJoin",
        defaultMessage: "A coordinator adds you by sending an invitation to {email}; open the link in that email.",
      },
      { email },
    ),
  profile: msg({ id: "networks.profile", defaultMessage: "Your profile" }),
  adminNone: msg({ id: "networks.adminNone", defaultMessage: "There is no network yet." }),
  adminCreate: msg({ id: "networks.adminCreate", defaultMessage: "Create one in the site administration" }),
});

export function NetworksPage() {
  const networks = useNetworks();
  const session = useSession();
  return (
    <main id="main" tabIndex={-1} className="content content-narrow">
      <PageHeader
        title={t({ id: "networks.title", defaultMessage: "Your networks" })}
        subtitle={t(
          { id: "networks.signedInAs", defaultMessage: "Signed in as {name}" },
          { name: session.data?.user.name || session.data?.user.email || "" },
        )}
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
                  {t(
                    { id: "networks.roleAndZone", defaultMessage: "{role} · {timezone}" },
                    {
                      role: n.my_role
                        ? label(ROLES, n.my_role)
                        : t({ id: "networks.siteAdmin", defaultMessage: "Site admin" }),
                      timezone: n.timezone,
                    },
                  )}
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
