import { useState, type FormEvent } from "react";
import { msg, t } from "../i18n";
import { Link } from "react-router";
import { ApiError } from "../api/client";
import { useRequestPasswordReset } from "../api/hooks/accounts";
import { ErrorBox, TextField, focusFirstError } from "../components/form";
import { Button, PageHeader, AccountCard } from "../components/ui";
import { looksLikeEmail } from "../lib/email";
import { texts } from "../lib/texts";

export const FORGOT_TEXT = texts({
  title: msg({ id: "account.forgot.title", defaultMessage: "Reset your password" }),
  intro: msg({
    id: "account.forgot.intro",
    defaultMessage: "Enter the email address of your account and we will send you a link to choose a new password.",
  }),
  email: msg({ id: "account.forgot.email", defaultMessage: "Email" }),
  emailMissing: msg({ id: "account.forgot.emailMissing", defaultMessage: "Enter your email address." }),
  submit: msg({ id: "account.forgot.submit", defaultMessage: "Send the link" }),
  sending: msg({ id: "account.forgot.sending", defaultMessage: "Sending…" }),
  sent: msg({
    id: "account.forgot.sent",
    defaultMessage:
      "If an account exists for that address, we have sent a link to reset the password. It is valid for one hour.",
  }),
  tooMany: (minutes: number) =>
    t(
      {
        id: "account.forgot.tooMany",
        defaultMessage: "Too many requests; try again in {minutes, plural, one {# minute} other {# minutes}}.",
      },
      { minutes },
    ),
  back: msg({ id: "account.forgot.back", defaultMessage: "Back to sign in" }),
});

export default function ForgotPasswordPage() {
  const request = useRequestPasswordReset();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState(false);
  const [limited, setLimited] = useState<number | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!looksLikeEmail(email)) {
      setError(FORGOT_TEXT.emailMissing);
      focusFirstError();
      return;
    }
    setError(undefined);
    setLimited(null);
    // Whatever the API says (except "slow down"), the answer is the same: nothing here tells
    // whether the address has an account.
    request.mutate(email.trim(), {
      onSettled: (_data, err) => {
        if (err instanceof ApiError && err.status === 429) {
          setLimited(Math.max(1, Math.ceil((err.retryAfter ?? 60) / 60)));
          return;
        }
        setSent(true);
      },
    });
  }

  return (
    <AccountCard>
      <PageHeader title={FORGOT_TEXT.title} />
      {sent ? (
        <p role="status">{FORGOT_TEXT.sent}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="muted">{FORGOT_TEXT.intro}</p>
          {limited !== null ? <ErrorBox messages={[FORGOT_TEXT.tooMany(limited)]} /> : null}
          <TextField
            label={FORGOT_TEXT.email}
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            error={error}
            required
          />
          <Button type="submit" variant="primary" busy={request.isPending} className="btn-block">
            {request.isPending ? FORGOT_TEXT.sending : FORGOT_TEXT.submit}
          </Button>
        </form>
      )}
      <p>
        <Link to="/login">{FORGOT_TEXT.back}</Link>
      </p>
    </AccountCard>
  );
}
