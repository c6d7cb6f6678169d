import { useEffect, useRef, type ReactNode } from "react";
import { t } from "../i18n";
import { Link, NavLink, Outlet, useLocation, useNavigate, useOutletContext, useParams } from "react-router";
import { useNetwork, useNetworks, type Network, type Role } from "../api/hooks/networks";
import { useLogout, useSession } from "../api/hooks/session";
import { ErrorBoundary } from "./ErrorBoundary";
import { ErrorState, Loading, PRODUCT_NAME } from "./ui";

export const LAYOUT_TEXT = {
  get admin() {
    return t({ id: "app.layout.admin", defaultMessage: "Site admin" });
  },
  get profileHint() {
    return t({ id: "app.layout.profileHint", defaultMessage: "(your profile)" });
  },
} as const;

export type NetworkContext = {
  network: Network;
  role: Role | null;
  canEdit: boolean;
  isCoordinator: boolean;
  userId: string;
};

export function useNetworkContext(): NetworkContext {
  return useOutletContext<NetworkContext>();
}

/** A page that only members and coordinators can use: a viewer learns so before filling it in. */
export function RequireEditor({ children }: { children: ReactNode }) {
  const { network, canEdit } = useNetworkContext();
  if (canEdit) return <>{children}</>;
  return (
    <div className="error-state" role="alert">
      <p>
        {t({
          id: "app.layout.viewerOnly",
          defaultMessage: "Your role in this network lets you read its records, not add or change them.",
        })}
      </p>
      <p>
        <Link to={`/networks/${network.id}`}>
          {t({ id: "app.layout.backToDashboard", defaultMessage: "Back to the dashboard" })}
        </Link>
      </p>
    </div>
  );
}

/** Moves focus to the main heading after client-side navigation, for screen readers. */
function useFocusOnNavigate() {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = document.getElementById("main");
    main?.focus({ preventScroll: false });
  }, [location.pathname]);
}

export function Layout() {
  const session = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  useFocusOnNavigate();
  const user = session.data?.user;
  return (
    <>
      <a href="#main" className="skip-link">
        {t({ id: "app.layout.skipLink", defaultMessage: "Skip to content" })}
      </a>
      <header className="topbar">
        <Link
          to="/"
          className="brand"
          aria-label={t({ id: "app.layout.brandLabel", defaultMessage: "Drumbeat, your networks" })}
        >
          <span className="brand-mark" aria-hidden="true" />
          {PRODUCT_NAME}
        </Link>
        <NetworkSwitcher />
        <div className="topbar-user">
          {user?.is_admin ? (
            <Link to="/admin" className="btn btn-ghost btn-sm">
              {LAYOUT_TEXT.admin}
            </Link>
          ) : null}
          <Link to="/profile" className="user-name">
            {user?.name || user?.email}
            <span className="visually-hidden"> {LAYOUT_TEXT.profileHint}</span>
          </Link>
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => logout.mutate(undefined, { onSettled: () => navigate("/login") })}
          >
            {t({ id: "app.layout.signOut", defaultMessage: "Sign out" })}
          </button>
        </div>
      </header>
      <Outlet />
    </>
  );
}

function NetworkSwitcher() {
  const { networkId } = useParams();
  const networks = useNetworks();
  const navigate = useNavigate();
  if (!networkId || !networks.data || networks.data.length < 2) return <span className="topbar-spacer" />;
  return (
    <div className="switcher">
      <label htmlFor="network-switcher" className="visually-hidden">
        {t({ id: "app.layout.networkSwitcher", defaultMessage: "Network" })}
      </label>
      <select id="network-switcher" value={networkId} onChange={(e) => navigate(`/networks/${e.target.value}`)}>
        {networks.data.map((n) => (
          <option key={n.id} value={n.id}>
            {n.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export function NetworkLayout() {
  const { networkId = "" } = useParams();
  const network = useNetwork(networkId);
  const session = useSession();
  const role = (network.data?.my_role ?? null) as Role | null;
  const isAdmin = session.data?.user.is_admin ?? false;
  const isCoordinator = role === "coordinator" || isAdmin;
  const canEdit = isCoordinator || role === "member";
  const location = useLocation();
  const base = `/networks/${networkId}`;
  const links: [string, string, boolean?][] = [
    [base, t({ id: "app.nav.dashboard", defaultMessage: "Dashboard" }), true],
    [`${base}/activities`, t({ id: "app.nav.activities", defaultMessage: "Activities" })],
    [`${base}/series`, t({ id: "app.nav.series", defaultMessage: "Series" })],
    [`${base}/follow-ups`, t({ id: "app.nav.followUps", defaultMessage: "Follow-ups" })],
    [`${base}/findings`, t({ id: "app.nav.findings", defaultMessage: "Findings" })],
    [`${base}/reflections`, t({ id: "app.nav.reflections", defaultMessage: "Reflections" })],
    [`${base}/organisations`, t({ id: "app.nav.organisations", defaultMessage: "Organisations" })],
    [`${base}/insights`, t({ id: "app.nav.insights", defaultMessage: "Insights" })],
  ];
  if (isCoordinator) links.push([`${base}/settings`, t({ id: "app.nav.settings", defaultMessage: "Settings" })]);
  return (
    <div className="network-shell">
      <nav className="sidenav" aria-label={t({ id: "app.nav.label", defaultMessage: "Network" })}>
        <p className="sidenav-title">{network.data?.name}</p>
        <ul>
          {links.map(([to, text, end]) => (
            <li key={to}>
              <NavLink to={to} end={end}>
                {text}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} className="content">
        {network.isPending ? (
          <Loading />
        ) : network.error || !network.data ? (
          <ErrorState error={network.error} onRetry={() => void network.refetch()} />
        ) : (
          <ErrorBoundary resetKey={location.pathname}>
            <Outlet
              context={
                {
                  network: network.data,
                  role,
                  canEdit,
                  isCoordinator,
                  userId: session.data?.user.id ?? "",
                } satisfies NetworkContext
              }
            />
          </ErrorBoundary>
        )}
      </main>
    </div>
  );
}
