import type { FormEvent } from "react";
import { msg, t } from "../i18n";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../api/client";
import { useCompletePasswordReset, usePasswordReset } from "../api/hooks/accounts";
import { FormErrors, focusFirstError, useFieldErrors, useFormFields, NewPasswordFields } from "../components/form";
import { Button, ErrorState, Loading, PageHeader, AccountCard } from "../components/ui";
import { validateNewPassword } from "../lib/password";
import { texts } from "../lib/texts";

export const RESET_TEXT = texts({
  title: msg({ id: "account.reset.title", defaultMessage: "Choose a new password" }),
  forAccount: (email: string) =>
    t({ id: "account.reset.forAccount", defaultMessage: "For the account {email}." }, { email }),
  gone: msg({ id: "account.reset.gone", defaultMessage: "This link has expired or was already used." }),
  askAgain: msg({ id: "account.reset.askAgain", defaultMessage: "Request a new link" }),
  password: msg({ id: "account.reset.password", defaultMessage: "New password" }),
  confirm: msg({ id: "account.reset.confirm", defaultMessage: "New password again" }),
  submit: msg({ id: "account.reset.submit", defaultMessage: "Save the new password" }),
  saving: msg({ id: "account.reset.saving", defaultMessage: "Saving…" }),
  done: msg({ id: "account.reset.done", defaultMessage: "Your password has been changed. Sign in with the new one." }),
});

export default function ResetPasswordPage() {
  const { token = "" } = useParams();
  const reset = usePasswordReset(token);
  const complete = useCompletePasswordReset(token);
  const navigate = useNavigate();
  const { errors, check } = useFieldErrors(complete.error);
  const { values, field } = useFormFields({ password: "", confirm: "" }, errors);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateNewPassword(values.password, values.confirm);
    if (!check(found)) return;
    complete.mutate(values.password, {
      onSuccess: () => navigate("/login", { replace: true, state: { notice: RESET_TEXT.done } }),
      onError: () => focusFirstError(),
    });
  }

  const gone =
    (reset.error instanceof ApiError && reset.error.status === 404) ||
    (complete.error instanceof ApiError && complete.error.status === 404);

  return (
    <AccountCard>
      <PageHeader title={RESET_TEXT.title} />
      {reset.isPending ? (
        <Loading />
      ) : gone ? (
        <div role="alert">
          <p>{RESET_TEXT.gone}</p>
          <p>
            <Link to="/forgot-password">{RESET_TEXT.askAgain}</Link>
          </p>
        </div>
      ) : reset.error || !reset.data ? (
        <ErrorState error={reset.error} onRetry={() => void reset.refetch()} />
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="muted">{RESET_TEXT.forAccount(reset.data.email)}</p>
          <FormErrors error={complete.error} />
          <NewPasswordFields labels={{ password: RESET_TEXT.password, confirm: RESET_TEXT.confirm }} field={field} />
          <Button type="submit" variant="primary" busy={complete.isPending} className="btn-block">
            {complete.isPending ? RESET_TEXT.saving : RESET_TEXT.submit}
          </Button>
        </form>
      )}
    </AccountCard>
  );
}
