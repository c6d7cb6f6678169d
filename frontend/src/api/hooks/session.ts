import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, setCsrfToken, unwrap, type Schemas } from "../client";
import { sessionKeys } from "../keys";

export type Session = Schemas["SessionRead"];

/** The session, or null when signed out: asked of /auth/session, which answers 200 either way,
 * so a signed-out visit does not log a failed request in the browser's console. */
async function fetchMe(): Promise<Session | null> {
  const { session } = await unwrap(api.GET("/api/v1/auth/session"));
  setCsrfToken(session?.csrf_token ?? null);
  return session ?? null;
}

export const sessionQuery = { queryKey: sessionKeys.me(), queryFn: fetchMe, staleTime: 5 * 60_000 };

export function useSession() {
  return useQuery(sessionQuery);
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
