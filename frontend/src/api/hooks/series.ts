import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { allPages, api, unwrap, type Schemas } from "../client";
import { ifMatch, rememberEtag } from "../etags";
import { seriesKeys } from "../keys";
import { unwrapTagged } from "../shared";

export type Series = Schemas["SeriesRead"];
export type SeriesInput = Schemas["SeriesCreate"];
export type Occurrence = Schemas["OccurrenceRead"];

export function seriesListQuery(networkId: string) {
  return {
    queryKey: seriesKeys.list(networkId),
    queryFn: () =>
      allPages((cursor) =>
        unwrap(
          api.GET("/api/v1/networks/{network_id}/series", {
            params: { path: { network_id: networkId }, query: { limit: 200, cursor } },
          }),
        ),
      ),
  };
}

export function useSeriesList(networkId: string) {
  return useQuery(seriesListQuery(networkId));
}

/** One series; no request at all without an id (the form creating a new series). */
export function useSeries(seriesId: string | undefined) {
  return useQuery({
    queryKey: seriesKeys.detail(seriesId ?? ""),
    enabled: Boolean(seriesId),
    queryFn: async () => {
      const id = seriesId ?? "";
      const result = await api.GET("/api/v1/series/{series_id}", {
        params: { path: { series_id: id } },
      });
      rememberEtag(id, result.response);
      return unwrap(Promise.resolve(result));
    },
  });
}

export function useOccurrences(seriesId: string, from: string, to: string) {
  return useQuery({
    queryKey: seriesKeys.occurrences(seriesId, from, to),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/series/{series_id}/occurrences", {
          params: { path: { series_id: seriesId }, query: { from, to } },
        }),
      ),
  });
}

export function useSaveSeries(networkId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: SeriesInput }) =>
      id
        ? unwrapTagged(
            id,
            api.PATCH("/api/v1/series/{series_id}", { params: { path: { series_id: id }, header: ifMatch(id) }, body }),
          )
        : unwrap(
            api.POST("/api/v1/networks/{network_id}/series", { params: { path: { network_id: networkId } }, body }),
          ),
    onSuccess: (series) => {
      client.setQueryData(seriesKeys.detail(series.id), series);
      void client.invalidateQueries({ queryKey: seriesKeys.all(networkId) });
      void client.invalidateQueries({ queryKey: ["series-item", series.id] });
    },
  });
}
