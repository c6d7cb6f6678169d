/** Site administration: every user, and new networks (site admins only). */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../client";
import { networkKeys, userKeys } from "../keys";

export type User = Schemas["UserRead"];

export function useUsers() {
  return useInfiniteQuery({
    queryKey: userKeys.all,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/users", { params: { query: { limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["UserCreate"]) => unwrap(api.POST("/api/v1/users", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useSetUserActive() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      unwrap(api.PATCH("/api/v1/users/{user_id}", { params: { path: { user_id: id } }, body: { is_active: active } })),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useCreateNetwork() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NetworkCreate"]) => unwrap(api.POST("/api/v1/networks", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: networkKeys.list() }),
  });
}
