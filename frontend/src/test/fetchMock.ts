/** A fetch stand-in for component tests: answers by method and path, records requests. */
import { vi } from "vitest";

type Handler = (
  request: Request,
  body: unknown,
) => { status?: number; body?: unknown; headers?: Record<string, string> };
export type Route = [method: string, path: RegExp | string, handler: Handler];

export function mockApi(routes: Route[]) {
  const calls: { method: string; path: string; body: unknown; headers: Headers }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const text = request.method === "GET" ? "" : await request.clone().text();
    const body = text ? JSON.parse(text) : undefined;
    calls.push({ method: request.method, path: url.pathname + url.search, body, headers: request.headers });
    for (const [method, path, handler] of routes) {
      const matches = typeof path === "string" ? url.pathname === path : path.test(url.pathname + url.search);
      if (method === request.method && matches) {
        const out = handler(request, body);
        const status = out.status ?? 200;
        const problem = status >= 400;
        return new Response(status === 204 ? null : JSON.stringify(out.body ?? {}), {
          status,
          headers: {
            "Content-Type": problem ? "application/problem+json" : "application/json",
            ...(out.headers ?? {}),
          },
        });
      }
    }
    return new Response(JSON.stringify({ title: "Not Found", status: 404, detail: "no mock" }), {
      status: 404,
      headers: { "Content-Type": "application/problem+json" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls, fetchMock };
}

export const page = <T>(items: T[]) => ({ items, next_cursor: null });
