import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { allPages, api, unwrap, type Schemas } from "../client";
import { reflectionKeys, type ReflectionFilters } from "../keys";

export type Reflection = Schemas["ReflectionRead"];
export type ReflectionInput = Schemas["ReflectionCreate"];

export function useReflections(networkId: string, filters: ReflectionFilters) {
  return useQuery({
    queryKey: reflectionKeys.list(networkId, filters),
    queryFn: () =>
      allPages(
        (cursor) =>
          unwrap(
            api.GET("/api/v1/networks/{network_id}/reflections", {
              params: {
                path: { network_id: networkId },
                query: { ...filters, limit: 100, cursor },
              },
            }),
          ),
        3,
      ),
  });
}

export function useCreateReflection(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReflectionInput) =>
      unwrap(
        api.POST("/api/v1/networks/{network_id}/reflections", {
          params: { path: { network_id: networkId } },
          body,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: reflectionKeys.all(networkId) }),
  });
}

export function useDeleteReflection(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE("/api/v1/reflections/{reflection_id}", {
          params: { path: { reflection_id: id } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: reflectionKeys.all(networkId) }),
  });
}
