import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { findingKeys } from "../keys";
import { mockApi } from "../../test/fetchMock";
import { finding as openFinding } from "../../test/network";
import { testClient, wrapper } from "../../test/render";
import { useUpdateFinding, type Finding } from "./findings";

// An open finding about activity a1.
const finding = openFinding("f1");

describe("useUpdateFinding", () => {
  it("updates the cached list at once and keeps it when the API agrees", async () => {
    mockApi([
      ["PATCH", "/api/v1/findings/f1", () => ({ body: { ...finding, status: "acknowledged", reminders: [] } })],
    ]);
    const client = testClient();
    client.setQueryData(findingKeys.list("n1", { status: "open" }), [finding]);
    const { result } = renderHook(() => useUpdateFinding("n1"), { wrapper: wrapper(client) });
    act(() => result.current.mutate({ id: "f1", body: { status: "acknowledged" } }));
    await waitFor(() =>
      expect(client.getQueryData<Finding[]>(findingKeys.list("n1", { status: "open" }))?.[0]?.status).toBe(
        "acknowledged",
      ),
    );
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
  });

  it("updates a list read page by page (an activity's findings) at once too", async () => {
    mockApi([
      ["PATCH", "/api/v1/findings/f1", () => ({ body: { ...finding, status: "acknowledged", reminders: [] } })],
      ["GET", "/api/v1/networks/n1/findings", () => ({ body: { items: [finding], next_cursor: null } })],
    ]);
    const client = testClient();
    const key = findingKeys.pages("n1", { activity_id: "a1" });
    client.setQueryData(key, { pages: [{ items: [finding], next_cursor: null }], pageParams: [undefined] });
    const { result } = renderHook(() => useUpdateFinding("n1"), { wrapper: wrapper(client) });
    act(() => result.current.mutate({ id: "f1", body: { status: "acknowledged" } }));
    await waitFor(() =>
      expect(client.getQueryData<{ pages: { items: Finding[] }[] }>(key)?.pages[0]?.items[0]?.status).toBe(
        "acknowledged",
      ),
    );
  });

  it("rolls the optimistic change back when the API refuses", async () => {
    mockApi([
      [
        "PATCH",
        "/api/v1/findings/f1",
        () => ({ status: 403, body: { title: "Forbidden", status: 403, detail: "coordinators only" } }),
      ],
    ]);
    const client = testClient();
    client.setQueryData(findingKeys.list("n1", { status: "open" }), [finding]);
    const { result } = renderHook(() => useUpdateFinding("n1"), { wrapper: wrapper(client) });
    act(() => result.current.mutate({ id: "f1", body: { status: "dismissed", dismissed_reason: "done elsewhere" } }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error?.message).toBe("Your role in this network does not allow this.");
    expect(client.getQueryData<Finding[]>(findingKeys.list("n1", { status: "open" }))?.[0]?.status).toBe("open");
  });
});
