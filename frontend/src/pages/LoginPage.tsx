import { useEffect, type FormEvent } from "react";
import { msg, t } from "../i18n";
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../api/client";
import { useSso } from "../api/hooks/accounts";
import { useLogin, useSession } from "../api/hooks/session";
import { ErrorBox, FormErrors, TextField, useFieldErrors, useFormFields, type Errors } from "../components/form";
import { LanguagePicker } from "../components/LanguagePicker";
import { Button, Loading, AccountCard } from "../components/ui";
import { safeNext as safePath } from "../lib/password";
import { looksLikeEmail } from "../lib/email";
import { texts } from "../lib/texts";

export const LOGIN_TEXT = texts({
  forgot: msg({ id: "account.login.forgot", defaultMessage: "Forgot password?" }),
  ssoButton: (name: string) => t({ id: "account.login.ssoButton", defaultMessage: "Sign in with {name}" }, { name }),
  or: msg({ id: "account.login.or", defaultMessage: "or" }),
  ssoErrors: texts({
    state: msg({
      id: "account.login.sso_error.state",
      defaultMessage: "The sign-in took too long or was started in another tab. Try again.",
    }),
    provider: msg({
      id: "account.login.sso_error.provider",
      defaultMessage: "The sign-in service reported a problem. Try again, or sign in with your password.",
    }),
    token: msg({
      id: "account.login.sso_error.token",
      defaultMessage: "The sign-in service's answer could not be checked. Try again.",
    }),
    unverified_email: msg({
      id: "account.login.sso_error.unverified_email",
      defaultMessage: "The sign-in service has not verified your email address, so Drumbeat cannot use it.",
    }),
    not_allowed: msg({
      id: "account.login.sso_error.not_allowed",
      defaultMessage: "There is no Drumbeat account or invitation for that address. Ask a coordinator to invite you.",
    }),
    inactive: msg({
      id: "account.login.sso_error.inactive",
      defaultMessage: "This account is deactivated. Ask a site admin if you think this is wrong.",
    }),
  }),
  ssoUnknown: msg({
    id: "account.login.ssoUnknown",
    defaultMessage: "Signing in with the single sign-on service did not work. Try again.",
  }),
});

export function validateLogin(values: { email: string; password: string }): Errors {
  return {
    email: !values.email.trim()
      ? t({ id: "account.login.emailMissing", defaultMessage: "Enter your email address." })
      : !looksLikeEmail(values.email)
        ? t({ id: "account.login.emailInvalid", defaultMessage: "This does not look like an email address." })
        : undefined,
    password: !values.password
      ? t({ id: "account.login.passwordMissing", defaultMessage: "Enter your password." })
      : undefined,
  };
}

export function LoginPage() {
  const session = useSession();
  const login = useLogin();
  const sso = useSso();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { errors, check } = useFieldErrors(login.error);
  const { values, field } = useFormFields({ email: "", password: "" }, errors);
  const next = params.get("next");
  useEffect(() => {
    document.title = t({ id: "account.login.documentTitle", defaultMessage: "Sign in · Drumbeat" });
  }, []);
  const safeNext = safePath(next);
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const ssoCode = params.get("sso_error");
  const ssoError = ssoCode
    ? ((LOGIN_TEXT.ssoErrors as Record<string, string | undefined>)[ssoCode] ?? LOGIN_TEXT.ssoUnknown)
    : null;

  if (session.isPending) return <Loading />;
  if (session.data && !login.isPending) return <Navigate to={safeNext} replace />;

  const wrongCredentials =
    login.error instanceof ApiError && (login.error.status === 401 || login.error.status === 400);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateLogin(values);
    if (!check(found)) return;
    login.mutate(
      { email: values.email.trim(), password: values.password },
      { onSuccess: () => navigate(safeNext, { replace: true }) },
    );
  }

  return (
    <AccountCard brand>
      <h1>{t({ id: "account.login.title", defaultMessage: "Sign in" })}</h1>
      <p className="muted">
        {t({
          id: "account.login.tagline",
          defaultMessage: "Keep the beat of capacity strengthening in your network.",
        })}
      </p>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {ssoError ? <ErrorBox messages={[ssoError]} /> : null}
      {sso.data?.enabled && sso.data.start_url ? (
        <>
          <a
            className="btn btn-block btn-sso"
            href={`${sso.data.start_url}?${new URLSearchParams({ next: safeNext }).toString()}`}
          >
            {LOGIN_TEXT.ssoButton(sso.data.name ?? "")}
          </a>
          <p className="muted login-or">{LOGIN_TEXT.or}</p>
        </>
      ) : null}
      <form onSubmit={submit} noValidate>
        {wrongCredentials ? (
          <ErrorBox
            messages={[
              t({
                id: "account.login.wrongCredentials",
                defaultMessage: "That email and password do not match an account. Check them and try again.",
              }),
            ]}
          />
        ) : (
          <FormErrors error={login.error} />
        )}
        <TextField
          label={t({ id: "account.login.email", defaultMessage: "Email" })}
          {...field("email")}
          type="email"
          autoComplete="username"
          required
        />
        <TextField
          label={t({ id: "account.login.password", defaultMessage: "Password" })}
          {...field("password")}
          type="password"
          autoComplete="current-password"
          required
        />
        <Button type="submit" variant="primary" busy={login.isPending} className="btn-block">
          {login.isPending
            ? t({ id: "account.login.signingIn", defaultMessage: "Signing in…" })
            : t({ id: "account.login.submit", defaultMessage: "Sign in" })}
        </Button>
      </form>
      <div className="login-links">
        <Link to="/forgot-password">{LOGIN_TEXT.forgot}</Link>
      </div>
      <LanguagePicker />
    </AccountCard>
  );
}
