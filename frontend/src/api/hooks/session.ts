import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, setCsrfToken, unwrap, type Schemas } from "../client";
import { sessionKeys } from "../keys";

export type Session = Schemas["SessionRead"];

async function fetchMe(): Promise<Session | null> {
  try {
    const session = await unwrap(api.GET("/api/v1/auth/me"));
    setCsrfToken(session.csrf_token);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: sessionKeys.me(), queryFn: fetchMe, staleTime: 5 * 60_000 });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["LoginRequest"]) => unwrap(api.POST("/api/v1/auth/login", { body })),
    onSuccess: (session) => {
      setCsrfToken(session.csrf_token);
      client.clear();
      client.setQueryData(sessionKeys.me(), session);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/logout")),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(sessionKeys.me(), null);
    },
  });
}
