/** The browser-side part of the password rule; the API also checks the common-passwords list. */
import type { Errors } from "../components/form";

export const PASSWORD_TEXT = {
  empty: "Enter a new password.",
  short: "Use at least 10 characters.",
  long: "Use at most 256 characters.",
  mismatch: "The two passwords are not the same.",
  hint: "At least 10 characters; common passwords are refused.",
} as const;

export function validateNewPassword(password: string, confirm: string): Errors {
  return {
    password: !password
      ? PASSWORD_TEXT.empty
      : password.length < 10
        ? PASSWORD_TEXT.short
        : password.length > 256
          ? PASSWORD_TEXT.long
          : undefined,
    confirm: password && confirm !== password ? PASSWORD_TEXT.mismatch : undefined,
  };
}

/** "/invitations/x" yes; "//evil.example" or "https://…" no. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}
