/** The browser-side part of the password rule; the API also checks the common-passwords list. */
import type { Errors } from "../components/form";
import { t } from "../i18n";

export const PASSWORD_TEXT = {
  get empty() {
    return t({ id: "common.password.empty", defaultMessage: "Enter a new password." });
  },
  get short() {
    return t({ id: "common.password.short", defaultMessage: "Use at least 10 characters." });
  },
  get long() {
    return t({ id: "common.password.long", defaultMessage: "Use at most 256 characters." });
  },
  get mismatch() {
    return t({ id: "common.password.mismatch", defaultMessage: "The two passwords are not the same." });
  },
  get hint() {
    return t({ id: "common.password.hint", defaultMessage: "At least 10 characters; common passwords are refused." });
  },
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
