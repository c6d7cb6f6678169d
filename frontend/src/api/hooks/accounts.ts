/**
 * The accounts API of issue 13: invitations, password reset, own profile and sessions,
 * through the generated client.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, setCsrfToken, unwrap, type Schemas } from "../client";
import { accountKeys, invitationKeys, memberKeys, sessionKeys } from "../keys";
import { byCursor, useInvalidatingMutation } from "../shared";
import type { Role } from "./networks";
import type { Session } from "./session";

export type Language = NonNullable<Schemas["UserRead"]["language"]>;
export type Invitation = Schemas["InvitationRead"];
export type InvitationPreview = Schemas["InvitationPreview"];
export type SessionInfo = Schemas["SessionInfo"];
export type ProfileUpdate = Schemas["MeUpdate"];
export type AccountUser = Schemas["UserRead"];

/** Signing in by invitation answers like login: remember the session the same way. */
function useAdoptSession() {
  const client = useQueryClient();
  return (session: Session) => {
    setCsrfToken(session.csrf_token);
    client.clear();
    client.setQueryData(sessionKeys.me(), session);
  };
}

/** Whether the sign-in page offers single sign-on, and where it starts. */
export function useSso() {
  return useQuery({
    queryKey: accountKeys.sso(),
    queryFn: () => unwrap(api.GET("/api/v1/auth/sso")),
    staleTime: Infinity,
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => unwrap(api.POST("/api/v1/auth/password-reset", { body: { email } })),
  });
}

export function usePasswordReset(token: string) {
  return useQuery({
    queryKey: accountKeys.reset(token),
    queryFn: () =>
      unwrap(api.GET("/api/v1/auth/password-reset/{reset_token}", { params: { path: { reset_token: token } } })),
    staleTime: Infinity,
  });
}

export function useCompletePasswordReset(token: string) {
  return useMutation({
    mutationFn: (password: string) =>
      unwrap(
        api.POST("/api/v1/auth/password-reset/{reset_token}", {
          params: { path: { reset_token: token } },
          body: { password },
        }),
      ),
  });
}

export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: accountKeys.invitation(token),
    queryFn: () =>
      unwrap(api.GET("/api/v1/invitations/{invitation_token}", { params: { path: { invitation_token: token } } })),
  });
}

export function useAcceptInvitation(token: string) {
  const adopt = useAdoptSession();
  return useMutation({
    mutationFn: (body: Schemas["InvitationAccept"]) =>
      unwrap(
        api.POST("/api/v1/invitations/{invitation_token}/accept", {
          params: { path: { invitation_token: token } },
          body,
        }),
      ),
    onSuccess: adopt,
  });
}

export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileUpdate) => unwrap(api.PATCH("/api/v1/auth/me", { body })),
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
    queryFn: () => unwrap(api.GET("/api/v1/auth/sessions", { params: { query: { limit: 100 } } })),
  });
}

export function useEndSession() {
  return useInvalidatingMutation(
    (id: string | null) =>
      id
        ? unwrap(api.DELETE("/api/v1/auth/sessions/{session_id}", { params: { path: { session_id: id } } }))
        : unwrap(api.DELETE("/api/v1/auth/sessions")),
    accountKeys.sessions(),
  );
}

export function usePendingInvitations(networkId: string) {
  return useInfiniteQuery({
    queryKey: invitationKeys.all(networkId),
    ...byCursor,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/networks/{network_id}/invitations", {
          params: { path: { network_id: networkId }, query: { status: "pending", limit: 20, cursor: pageParam } },
        }),
      ),
  });
}

export function useInvite(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    // 201: a new invitation; 200: a pending one for that address was renewed and sent again.
    mutationFn: async (body: { email: string; role: Role }) => {
      const result = await api.POST("/api/v1/networks/{network_id}/invitations", {
        params: { path: { network_id: networkId } },
        body,
      });
      const invitation = await unwrap(Promise.resolve(result));
      return { invitation, refreshed: result.response.status === 200 };
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: invitationKeys.all(networkId) });
      void client.invalidateQueries({ queryKey: memberKeys.all(networkId) });
    },
  });
}

export function useResendInvitation(networkId: string) {
  return useInvalidatingMutation(
    (id: string) =>
      unwrap(api.POST("/api/v1/invitations/{invitation_id}/resend", { params: { path: { invitation_id: id } } })),
    invitationKeys.all(networkId),
  );
}

export function useRevokeInvitation(networkId: string) {
  return useInvalidatingMutation(
    (id: string) =>
      unwrap(api.DELETE("/api/v1/invitations/{invitation_id}", { params: { path: { invitation_id: id } } })),
    invitationKeys.all(networkId),
  );
}
