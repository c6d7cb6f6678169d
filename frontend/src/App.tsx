import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, type ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router";
import { ApiError } from "./api/client";
import { useSession } from "./api/hooks/session";
import { sessionKeys } from "./api/keys";
import { Layout, NetworkLayout } from "./components/Layout";
import { ErrorState, Loading } from "./components/ui";
import { ToastProvider } from "./components/toast";
import { useSessionLanguage } from "./components/LanguagePicker";
import { I18nProvider, t } from "./i18n";
import { LoginPage } from "./pages/LoginPage";
import { NetworksPage } from "./pages/NetworksPage";

// Route-level code splitting: only login and the network list load up front.
const DashboardPage = lazy(() => import("./pages/DashboardPage"));
const ActivitiesPage = lazy(() => import("./pages/ActivitiesPage"));
const ActivityFormPage = lazy(() => import("./pages/ActivityFormPage"));
const ActivityDetailPage = lazy(() => import("./pages/ActivityDetailPage"));
const SeriesListPage = lazy(() => import("./pages/SeriesListPage"));
const SeriesFormPage = lazy(() => import("./pages/SeriesFormPage"));
const SeriesDetailPage = lazy(() => import("./pages/SeriesDetailPage"));
const FollowUpsPage = lazy(() => import("./pages/FollowUpsPage"));
const ReflectionsPage = lazy(() => import("./pages/ReflectionsPage"));
const OrganisationsPage = lazy(() => import("./pages/OrganisationsPage"));
const FindingsPage = lazy(() => import("./pages/FindingsPage"));
const FindingPage = lazy(() => import("./pages/FindingPage"));
const InsightsPage = lazy(() => import("./pages/InsightsPage"));
const SettingsPage = lazy(() => import("./pages/SettingsPage"));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));
const ForgotPasswordPage = lazy(() => import("./pages/ForgotPasswordPage"));
const ResetPasswordPage = lazy(() => import("./pages/ResetPasswordPage"));
const InvitationPage = lazy(() => import("./pages/InvitationPage"));
const ProfilePage = lazy(() => import("./pages/ProfilePage"));
const AdminPage = lazy(() => import("./pages/AdminPage"));

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
          <Route path="networks/:networkId" element={<NetworkLayout />}>
            <Route index element={<DashboardPage />} />
            <Route path="activities" element={<ActivitiesPage />} />
            <Route path="activities/new" element={<ActivityFormPage />} />
            <Route path="activities/:activityId" element={<ActivityDetailPage />} />
            <Route path="activities/:activityId/edit" element={<ActivityFormPage />} />
            <Route path="series" element={<SeriesListPage />} />
            <Route path="series/new" element={<SeriesFormPage />} />
            <Route path="series/:seriesId" element={<SeriesDetailPage />} />
            <Route path="series/:seriesId/edit" element={<SeriesFormPage />} />
            <Route path="follow-ups" element={<FollowUpsPage />} />
            <Route path="reflections" element={<ReflectionsPage />} />
            <Route path="organisations" element={<OrganisationsPage />} />
            <Route path="findings" element={<FindingsPage />} />
            <Route path="findings/:findingId" element={<FindingPage />} />
            <Route path="insights" element={<InsightsPage />} />
            <Route path="settings/*" element={<SettingsPage />} />
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
