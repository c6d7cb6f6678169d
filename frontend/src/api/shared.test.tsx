import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockApi } from "../test/fetchMock";
import { testClient, wrapper } from "../test/render";
import { api } from "./client";
import { ifMatch } from "./etags";
import { organisationKeys, webhookKeys } from "./keys";
import { byCursor, unwrapTagged, useInvalidatingMutation } from "./shared";
import { useDeleteOrganisation, useOrganisations } from "./hooks/organisations";
import { useTestWebhook } from "./hooks/partners";

describe("the hooks' shared pieces", () => {
  it("remembers an item's ETag, so the next edit of that item sends it as If-Match", async () => {
    mockApi([["GET", "/api/v1/series/s1", () => ({ body: { id: "s1" }, headers: { ETag: '"v7"' } })]]);
    const series = await unwrapTagged(
      "s1",
      api.GET("/api/v1/series/{series_id}", { params: { path: { series_id: "s1" } } }),
    );
    expect(series).toEqual({ id: "s1" });
    expect(ifMatch("s1")).toEqual({ "If-Match": '"v7"' });
  });

  it("pages on while the API gives a next cursor", () => {
    expect(byCursor.initialPageParam).toBeUndefined();
    expect(byCursor.getNextPageParam({ next_cursor: "c2" })).toBe("c2");
    expect(byCursor.getNextPageParam({ next_cursor: null })).toBeUndefined();
  });

  it("fetches the list it invalidates again once the mutation succeeds", async () => {
    let left = [{ id: "o1" }, { id: "o2" }];
    mockApi([
      ["DELETE", "/api/v1/organisations/o1", () => ((left = left.filter((o) => o.id !== "o1")), { status: 204 })],
      ["GET", "/api/v1/networks/n1/organisations", () => ({ body: { items: left, next_cursor: null } })],
    ]);
    const client = testClient();
    const { result } = renderHook(() => ({ list: useOrganisations("n1"), remove: useDeleteOrganisation("n1") }), {
      wrapper: wrapper(client),
    });
    await waitFor(() => expect(result.current.list.data).toHaveLength(2));
    await act(() => result.current.remove.mutateAsync("o1"));
    await waitFor(() => expect(client.getQueryData(organisationKeys.list("n1"))).toEqual([{ id: "o2" }]));
  });

  it("invalidates the key the variables name when it depends on them", async () => {
    mockApi([["POST", "/api/v1/webhooks/w1/test", () => ({ body: { id: "d1" } })]]);
    const client = testClient();
    client.setQueryData(webhookKeys.deliveries("w1"), { pages: [], pageParams: [] });
    client.setQueryData(webhookKeys.deliveries("w2"), { pages: [], pageParams: [] });
    const { result } = renderHook(() => useTestWebhook(), { wrapper: wrapper(client) });
    await result.current.mutateAsync("w1");
    expect(client.getQueryState(webhookKeys.deliveries("w1"))?.isInvalidated).toBe(true);
    expect(client.getQueryState(webhookKeys.deliveries("w2"))?.isInvalidated).toBe(false);
  });

  it("hands the mutation's own result back to its caller", async () => {
    const client = testClient();
    const { result } = renderHook(() => useInvalidatingMutation((n: number) => Promise.resolve(n * 2), ["k"]), {
      wrapper: wrapper(client),
    });
    await expect(result.current.mutateAsync(21)).resolves.toBe(42);
  });
});
