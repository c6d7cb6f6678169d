import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Suspense, type ComponentType, type ReactNode } from "react";
import { BrowserRouter, matchPath, Navigate, Route, Routes, useLocation } from "react-router";
import { ApiError } from "./api/client";
import { sessionQuery, useSession } from "./api/hooks/session";
import { sessionKeys } from "./api/keys";
import { Layout, NetworkLayout, RequireEditor } from "./components/Layout";
import { ErrorState, Loading } from "./components/ui";
import { ToastProvider } from "./components/toast";
import { useSessionLanguage } from "./components/LanguagePicker";
import { I18nProvider, t } from "./i18n";
import { lazyPage, type LazyPage } from "./lazyPage";
import DashboardPage, { prefetchDashboard } from "./pages/DashboardPage";
import { LoginPage } from "./pages/LoginPage";
import { NetworksPage } from "./pages/NetworksPage";

// Route-level code splitting: the pages most visits start on (sign-in, the network list and a
// network's dashboard) load up front, so the first screen needs no second download; every
// other page loads when it is opened.
const ActivitiesPage = lazyPage(() => import("./pages/ActivitiesPage"));
const ActivityFormPage = lazyPage(() => import("./pages/ActivityFormPage"));
const ActivityDetailPage = lazyPage(() => import("./pages/ActivityDetailPage"));
const SeriesListPage = lazyPage(() => import("./pages/SeriesListPage"));
const SeriesFormPage = lazyPage(() => import("./pages/SeriesFormPage"));
const SeriesDetailPage = lazyPage(() => import("./pages/SeriesDetailPage"));
const FollowUpsPage = lazyPage(() => import("./pages/FollowUpsPage"));
const ReflectionsPage = lazyPage(() => import("./pages/ReflectionsPage"));
const OrganisationsPage = lazyPage(() => import("./pages/OrganisationsPage"));
const FindingsPage = lazyPage(() => import("./pages/FindingsPage"));
const FindingPage = lazyPage(() => import("./pages/FindingPage"));
const InsightsPage = lazyPage(() => import("./pages/InsightsPage"));
const SettingsPage = lazyPage(() => import("./pages/SettingsPage"));
const NotFoundPage = lazyPage(() => import("./pages/NotFoundPage"));
const ForgotPasswordPage = lazyPage(() => import("./pages/ForgotPasswordPage"));
const ResetPasswordPage = lazyPage(() => import("./pages/ResetPasswordPage"));
const InvitationPage = lazyPage(() => import("./pages/InvitationPage"));
const ProfilePage = lazyPage(() => import("./pages/ProfilePage"));
const AdminPage = lazyPage(() => import("./pages/AdminPage"));

// The pages of one network, under /networks/:networkId (no path: its dashboard). One list for
// the routes and for loadPageFor, so that the two cannot disagree.
// "edit": a form only members and coordinators may send, so a viewer is told so at once
// instead of after filling it in.
const NETWORK_PAGES: [path: string | null, Page: ComponentType | LazyPage, needs?: "edit"][] = [
  [null, DashboardPage],
  ["activities", ActivitiesPage],
  ["activities/new", ActivityFormPage, "edit"],
  ["activities/:activityId", ActivityDetailPage],
  ["activities/:activityId/edit", ActivityFormPage, "edit"],
  ["series", SeriesListPage],
  ["series/new", SeriesFormPage, "edit"],
  ["series/:seriesId", SeriesDetailPage],
  ["series/:seriesId/edit", SeriesFormPage, "edit"],
  ["follow-ups", FollowUpsPage],
  ["reflections", ReflectionsPage],
  ["organisations", OrganisationsPage],
  ["findings", FindingsPage],
  ["findings/:findingId", FindingPage],
  ["insights", InsightsPage],
  ["settings/*", SettingsPage],
];
const NETWORK_PATH = "/networks/:networkId";

/**
 * Starts loading the code of the page at ``pathname`` now, rather than once the sign-in check
 * and the network have come back and the route renders: on a slow network that is one round
 * trip fewer before the page can ask for its data.
 */
export function loadPageFor(pathname: string): void {
  const found = NETWORK_PAGES.find(([path]) => matchPath(path ? `${NETWORK_PATH}/${path}` : NETWORK_PATH, pathname));
  // A failed load shows when the route renders the page (its error boundary): not here too.
  const Page = found?.[1];
  if (Page && "load" in Page) Page.load().catch(() => {});
}

/**
 * Asks who is signed in (the answer preloaded with the page), then starts the requests of the
 * page at ``pathname`` if someone is, before the app has drawn anything (today the
 * dashboard's: the page most visits open first). Resolves once the sign-in check answered.
 */
export function prefetchFor(pathname: string): Promise<void> {
  const networkId = matchPath(NETWORK_PATH, pathname)?.params.networkId;
  return queryClient.fetchQuery(sessionQuery).then(
    (session) => {
      if (session && networkId) prefetchDashboard(queryClient, networkId);
    },
    // A failed check shows where the app asks for the session (RequireSession): not here.
    () => {},
  );
}

export function makeQueryClient(): QueryClient {
  // A 401 anywhere means the session ended (expired, signed out in another tab): forget it,
  // and RequireSession sends the user to sign in, coming back to the same page afterwards.
  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) client.setQueryData(sessionKeys.me(), null);
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
  return client;
}

const queryClient = makeQueryClient();

function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  useSessionLanguage(session.data?.user.language);
  if (session.isPending)
    return <Loading label={t({ id: "app.checkingSession", defaultMessage: "Checking your sign-in…" })} />;
  if (session.error)
    return (
      <main id="main" className="content content-narrow">
        <ErrorState error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  if (!session.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`} replace />;
  }
  return <>{children}</>;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading label={t({ id: "app.loadingPage", defaultMessage: "Loading page…" })} />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
        <Route path="/invitations/:token" element={<InvitationPage />} />
        <Route
          element={
            <RequireSession>
              <Layout />
            </RequireSession>
          }
        >
          <Route index element={<NetworksPage />} />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="admin" element={<AdminPage />} />
          <Route path={NETWORK_PATH.slice(1)} element={<NetworkLayout />}>
            {NETWORK_PAGES.map(([path, Page, needs]) =>
              path ? (
                <Route
                  key={path}
                  path={path}
                  element={
                    needs === "edit" ? (
                      <RequireEditor>
                        <Page />
                      </RequireEditor>
                    ) : (
                      <Page />
                    )
                  }
                />
              ) : (
                <Route key="index" index element={<Page />} />
              ),
            )}
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export function App() {
  return (
    <I18nProvider around={ToastProvider}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </I18nProvider>
  );
}
