/** Shared fixtures for the accounts screens' tests. */
import type { Session } from "../api/hooks/session";
import type { Route } from "./fetchMock";

export function sessionOf(user: Partial<Session["user"]> & { email: string }): Session {
  return {
    csrf_token: "csrf-1",
    memberships: [],
    user: {
      id: "u1",
      name: "Amina",
      is_active: true,
      is_admin: false,
      created_at: "2026-01-01T00:00:00Z",
      ...user,
    },
  } as Session;
}

/** The web app asks /auth/session whether it is signed in: 200 either way. */
export const signedOut: Route = ["GET", "/api/v1/auth/session", () => ({ body: { session: null } })];

export const signedIn = (session: Session): Route => ["GET", "/api/v1/auth/session", () => ({ body: { session } })];

export const problem = (status: number, detail: string, errors?: { pointer: string; detail: string }[]) => ({
  status,
  body: { title: "Problem", status, detail, ...(errors ? { errors } : {}) },
});
