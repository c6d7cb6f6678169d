import { useQuery } from "@tanstack/react-query";
import { allPages, api, unwrap, type Schemas } from "../client";
import { reflectionKeys, type ReflectionFilters } from "../keys";
import { useInvalidatingMutation } from "../shared";

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
  return useInvalidatingMutation(
    (body: ReflectionInput) =>
      unwrap(
        api.POST("/api/v1/networks/{network_id}/reflections", { params: { path: { network_id: networkId } }, body }),
      ),
    reflectionKeys.all(networkId),
  );
}

export function useDeleteReflection(networkId: string) {
  return useInvalidatingMutation(
    (id: string) =>
      unwrap(api.DELETE("/api/v1/reflections/{reflection_id}", { params: { path: { reflection_id: id } } })),
    reflectionKeys.all(networkId),
  );
}
