/**
 * The one way the app talks to the API: a typed openapi-fetch client over the generated
 * schema, plus the CSRF header on unsafe methods and problem+json errors as ApiError.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { components, operations, paths } from "./generated/schema";
import { t } from "../i18n";
import { errorText } from "../lib/errorCodes";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
export type FieldError = Schemas["ProblemFieldError"];
/** The query parameters of an operation (by its operationId), as the generated schema has them. */
export type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]["parameters"]["query"]>;

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const UNSAFE = new Set(["POST", "PATCH", "PUT", "DELETE"]);

const csrf: Middleware = {
  onRequest({ request }) {
    if (UNSAFE.has(request.method) && csrfToken) {
      request.headers.set("X-CSRF-Token", csrfToken);
    }
    return request;
  },
};

// An absolute base (same origin) so Request objects work in tests as in browsers.
export const api = createClient<paths>({
  baseUrl: typeof location !== "undefined" ? location.origin : "",
  credentials: "same-origin",
  fetch: (request) => globalThis.fetch(request),
});
api.use(csrf);

/** A failed request, carrying the API's problem+json body when there is one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  /** Seconds from a 429's Retry-After header, when the API sent one. */
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem | null, retryAfter: number | null = null) {
    super(plainMessage(status, problem));
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** Field errors keyed by the top-level field name ("/ends_at" → "ends_at"). */
  get fieldErrors(): Record<string, string> {
    return fieldErrorsFrom(this.problem?.errors ?? []);
  }
}

export function fieldErrorsFrom(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = e.pointer.replace(/^\//, "").split("/")[0] || "_";
    // The code's words in the reader's language; the API's English detail for unknown codes.
    const text = errorText(e.code, e.detail);
    out[key] = out[key] ? `${out[key]} ${text}` : text;
  }
  return out;
}

/** Errors in plain words: what happened and what to do, never a stack trace. */
export function plainMessage(status: number, problem: Problem | null): string {
  switch (status) {
    case 0:
      return t({
        id: "common.api.offline",
        defaultMessage: "Drumbeat could not be reached. Check your connection and try again.",
      });
    case 401:
      return t({ id: "common.api.sessionEnded", defaultMessage: "Your session has ended. Please sign in again." });
    case 403:
      return problem?.detail?.includes("CSRF")
        ? t({ id: "common.api.csrf", defaultMessage: "Your session needs refreshing. Reload the page and try again." })
        : t({ id: "common.api.forbidden", defaultMessage: "Your role in this network does not allow this." });
    case 404:
      return t({
        id: "common.api.notFound",
        defaultMessage: "This no longer exists, or it belongs to a network you are not in.",
      });
    case 409:
      return (
        problem?.detail ??
        t({ id: "common.api.conflict", defaultMessage: "This conflicts with the current state. Reload and try again." })
      );
    case 412:
      return t({
        id: "common.api.changed",
        defaultMessage: "Someone else changed this meanwhile. Reload to see their change, then try again.",
      });
    case 413:
      return t({ id: "common.api.tooLarge", defaultMessage: "That is too large to save." });
    case 422:
      return problem?.errors?.length
        ? t({ id: "common.fieldsNeedAttention", defaultMessage: "Some fields need attention." })
        : (problem?.detail ?? t({ id: "common.fieldsNeedAttention", defaultMessage: "Some fields need attention." }));
    case 429:
      return t({ id: "common.api.tooMany", defaultMessage: "Too many attempts. Wait a minute and try again." });
    default:
      if (status >= 500)
        return t({
          id: "common.api.serverError",
          defaultMessage: "Something went wrong on our side. Try again in a moment.",
        });
      return (
        problem?.detail ??
        t({ id: "common.api.failed", defaultMessage: "The request failed ({status})." }, { status: String(status) })
      );
  }
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful answer, or an ApiError. */
export async function unwrap<T>(promise: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await promise;
  } catch {
    throw new ApiError(0, null);
  }
  const { data, error, response } = result;
  if (!response.ok) {
    const problem = isProblem(error) ? error : null;
    const retry = Number(response.headers.get("Retry-After"));
    throw new ApiError(response.status, problem, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return data as T;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "status" in value && "title" in value;
}

/** Every item of a cursor-paginated list (bounded, for pickers and small collections). */
export async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor?: string | null }>,
  maxPages = 10,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return items;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return t({ id: "common.unexpected", defaultMessage: "Something unexpected happened. Try again." });
}

/**
 * A fresh Idempotency-Key. A form keeps one per submission so that a retry after a network
 * failure (or a double submit) creates the record once; it takes a new one after success.
 * crypto.randomUUID needs a secure context, so fall back to getRandomValues on plain http.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
