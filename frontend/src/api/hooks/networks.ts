import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { allPages, api, unwrap, type Schemas } from "../client";
import { ifMatch } from "../etags";
import { memberKeys, networkKeys } from "../keys";
import { unwrapTagged, useInvalidatingMutation } from "../shared";

export type Network = Schemas["NetworkRead"];
export type Member = Schemas["MemberRead"];
export type Role = Member["role"];

export function useNetworks() {
  return useQuery({
    queryKey: networkKeys.list(),
    queryFn: () =>
      allPages((cursor) => unwrap(api.GET("/api/v1/networks", { params: { query: { limit: 200, cursor } } }))),
  });
}

export function useNetwork(networkId: string) {
  return useQuery({
    queryKey: networkKeys.detail(networkId),
    queryFn: () =>
      unwrapTagged(
        networkId,
        api.GET("/api/v1/networks/{network_id}", { params: { path: { network_id: networkId } } }),
      ),
  });
}

export function useUpdateNetwork(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["NetworkUpdate"]) =>
      unwrapTagged(
        networkId,
        api.PATCH("/api/v1/networks/{network_id}", {
          params: { path: { network_id: networkId }, header: ifMatch(networkId) },
          body,
        }),
      ),
    onSuccess: (network) => {
      client.setQueryData(networkKeys.detail(networkId), network);
      void client.invalidateQueries({ queryKey: networkKeys.list() });
    },
  });
}

export function membersQuery(networkId: string) {
  return {
    queryKey: memberKeys.all(networkId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          api.GET("/api/v1/networks/{network_id}/members", {
            params: { path: { network_id: networkId }, query: { limit: 200, cursor } },
          }),
        ),
      ),
  };
}

export function useMembers(networkId: string) {
  return useQuery(membersQuery(networkId));
}

export function useUpdateMember(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) =>
      unwrap(
        api.PATCH("/api/v1/memberships/{membership_id}", {
          params: { path: { membership_id: id } },
          body: { role },
        }),
      ),
    // Optimistic: the new role shows at once and rolls back if the API refuses.
    onMutate: async ({ id, role }) => {
      await client.cancelQueries({ queryKey: memberKeys.all(networkId) });
      const before = client.getQueryData<Member[]>(memberKeys.all(networkId));
      client.setQueryData<Member[]>(memberKeys.all(networkId), (old) =>
        old?.map((m) => (m.id === id ? { ...m, role } : m)),
      );
      return { before };
    },
    onError: (_e, _v, context) => {
      if (context?.before) client.setQueryData(memberKeys.all(networkId), context.before);
    },
    onSettled: () => client.invalidateQueries({ queryKey: memberKeys.all(networkId) }),
  });
}

export function useRemoveMember(networkId: string) {
  return useInvalidatingMutation(
    (id: string) =>
      unwrap(api.DELETE("/api/v1/memberships/{membership_id}", { params: { path: { membership_id: id } } })),
    memberKeys.all(networkId),
  );
}
