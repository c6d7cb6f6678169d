/**
 * The accounts API of issue 13: invitations, password reset, own profile and sessions.
 * Types follow the agreed contract; the calls go through rawRequest until the regenerated
 * client has these paths.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { rawRequest, rawRequestWithStatus, setCsrfToken, type Schemas } from "../client";
import { accountKeys, invitationKeys, memberKeys, sessionKeys } from "../keys";
import type { Role } from "./networks";
import type { Session } from "./session";

export type Language = "en" | "fr" | "es" | "pt" | "ar";
export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";
export type Invitation = {
  id: string;
  network_id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  expires_at: string;
  invited_by: { id: string; name: string } | null;
  created_at: string;
  last_sent_at: string;
};
export type InvitationPreview = {
  network: { id: string; name: string };
  email: string;
  role: Role;
  account_exists: boolean;
  invited_by_name: string | null;
  expires_at: string;
};
export type SessionInfo = {
  id: string;
  created_at: string;
  last_seen_at: string;
  user_agent: string;
  current: boolean;
  method: "password" | "sso" | "invitation" | "reset";
};
export type ProfileUpdate = {
  name?: string;
  language?: Language;
  timezone?: string;
  password?: string;
  current_password?: string;
};
/** The user as the accounts API returns it (language and time zone are new). */
export type AccountUser = Schemas["UserRead"] & { language?: Language; timezone?: string };
export type SsoConfig = { enabled: boolean; name?: string; start_url?: string };
type Page<T> = { items: T[]; next_cursor?: string | null };

const enc = encodeURIComponent;

/** Signing in by invitation answers like login: remember the session the same way. */
function useAdoptSession() {
  const client = useQueryClient();
  return (session: Session) => {
    setCsrfToken(session.csrf_token);
    client.clear();
    client.setQueryData(sessionKeys.me(), session);
  };
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => rawRequest<{ detail: string }>("POST", "/api/v1/auth/password-reset", { email }),
  });
}

export function usePasswordReset(token: string) {
  return useQuery({
    queryKey: accountKeys.reset(token),
    queryFn: () =>
      rawRequest<{ email: string; expires_at: string }>("GET", `/api/v1/auth/password-reset/${enc(token)}`),
    staleTime: Infinity,
  });
}

export function useCompletePasswordReset(token: string) {
  return useMutation({
    mutationFn: (password: string) =>
      rawRequest<void>("POST", `/api/v1/auth/password-reset/${enc(token)}`, { password }),
  });
}

export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: accountKeys.invitation(token),
    queryFn: () => rawRequest<InvitationPreview>("GET", `/api/v1/invitations/by-token/${enc(token)}`),
  });
}

export function useAcceptInvitation(token: string) {
  const adopt = useAdoptSession();
  return useMutation({
    mutationFn: (body: { name: string; password: string } | Record<string, never>) =>
      rawRequest<Session>("POST", `/api/v1/invitations/${enc(token)}/accept`, body),
    onSuccess: adopt,
  });
}

export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileUpdate) => rawRequest<Session>("PATCH", "/api/v1/auth/me", body),
    onSuccess: (session) => {
      setCsrfToken(session.csrf_token);
      client.setQueryData(sessionKeys.me(), session);
      void client.invalidateQueries({ queryKey: accountKeys.sessions() });
    },
  });
}

export function useMySessions() {
  return useQuery({
    queryKey: accountKeys.sessions(),
    queryFn: () => rawRequest<Page<SessionInfo>>("GET", "/api/v1/auth/sessions?limit=100"),
  });
}

export function useEndSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string | null) =>
      rawRequest<void>("DELETE", id ? `/api/v1/auth/sessions/${enc(id)}` : "/api/v1/auth/sessions"),
    onSuccess: () => client.invalidateQueries({ queryKey: accountKeys.sessions() }),
  });
}

export function useSsoConfig() {
  return useQuery({
    queryKey: accountKeys.sso(),
    queryFn: () => rawRequest<SsoConfig>("GET", "/api/v1/auth/sso"),
    retry: false,
    staleTime: Infinity,
  });
}

export function usePendingInvitations(networkId: string) {
  return useInfiniteQuery({
    queryKey: invitationKeys.all(networkId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      rawRequest<Page<Invitation>>(
        "GET",
        `/api/v1/networks/${enc(networkId)}/invitations?status=pending&limit=20${pageParam ? `&cursor=${enc(pageParam)}` : ""}`,
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useInvite(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    // 201: a new invitation; 200: a pending one for that address was renewed and sent again.
    mutationFn: async (body: { email: string; role: Role }) => {
      const { data, status } = await rawRequestWithStatus<Invitation>(
        "POST",
        `/api/v1/networks/${enc(networkId)}/invitations`,
        body,
      );
      return { invitation: data, refreshed: status === 200 };
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: invitationKeys.all(networkId) });
      void client.invalidateQueries({ queryKey: memberKeys.all(networkId) });
    },
  });
}

export function useResendInvitation(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => rawRequest<Invitation>("POST", `/api/v1/invitations/${enc(id)}/resend`),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationKeys.all(networkId) }),
  });
}

export function useRevokeInvitation(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => rawRequest<void>("DELETE", `/api/v1/invitations/${enc(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationKeys.all(networkId) }),
  });
}
