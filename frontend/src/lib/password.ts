/** The browser-side part of the password rule; the API also checks the common-passwords list. */
import type { Errors } from "../components/form";
import { msg } from "../i18n";
import { texts } from "./texts";

export const PASSWORD_TEXT = texts({
  empty: msg({ id: "common.password.empty", defaultMessage: "Enter a new password." }),
  short: msg({ id: "common.password.short", defaultMessage: "Use at least 10 characters." }),
  long: msg({ id: "common.password.long", defaultMessage: "Use at most 256 characters." }),
  mismatch: msg({ id: "common.password.mismatch", defaultMessage: "The two passwords are not the same." }),
  hint: msg({ id: "common.password.hint", defaultMessage: "At least 10 characters; common passwords are refused." }),
});

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
