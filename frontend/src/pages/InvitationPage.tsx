import type { FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../api/client";
import { useAcceptInvitation, useInvitationPreview } from "../api/hooks/accounts";
import { useLogout, useSession } from "../api/hooks/session";
import {
  FormErrors,
  TextField,
  focusFirstError,
  useFieldErrors,
  useFormFields,
  NewPasswordFields,
} from "../components/form";
import { Button, ButtonLink, ErrorState, Loading, PageHeader, PRODUCT_NAME, AccountCard } from "../components/ui";
import { formatDateTime } from "../lib/format";
import { msg, t } from "../i18n";
import { validateNewPassword } from "../lib/password";
import { texts } from "../lib/texts";

export const INVITATION_TEXT = texts({
  title: msg({ id: "account.invitation.title", defaultMessage: "Invitation to Drumbeat" }),
  heading: (network: string) => t({ id: "account.invitation.heading", defaultMessage: "Join {network}" }, { network }),
  summary: (role: string, inviter: string | null) =>
    inviter
      ? t(
          {
            id: "account.invitation.summaryBy",
            defaultMessage:
              "{inviter} invites you as {role, select, coordinator {coordinator} member {member} viewer {viewer} other {{role}}}.",
          },
          { inviter, role },
        )
      : t(
          {
            id: "account.invitation.summary",
            defaultMessage:
              "You are invited as {role, select, coordinator {coordinator} member {member} viewer {viewer} other {{role}}}.",
          },
          { role },
        ),
  forEmail: (email: string) =>
    t({ id: "account.invitation.forEmail", defaultMessage: "This invitation is for {email}." }, { email }),
  expires: (when: string) =>
    t({ id: "account.invitation.expires", defaultMessage: "It is valid until {when}." }, { when }),
  gone: msg({
    id: "account.invitation.gone",
    defaultMessage:
      "This invitation is no longer valid (it was used, revoked or has expired); ask the coordinator for a new one.",
  }),
  name: msg({ id: "account.invitation.name", defaultMessage: "Your name" }),
  nameMissing: msg({ id: "account.invitation.nameMissing", defaultMessage: "Enter your name." }),
  password: msg({ id: "account.invitation.password", defaultMessage: "Choose a password" }),
  confirm: msg({ id: "account.invitation.confirm", defaultMessage: "Password again" }),
  create: msg({ id: "account.invitation.create", defaultMessage: "Create my account and join" }),
  join: (network: string) => t({ id: "account.invitation.join", defaultMessage: "Join {network}" }, { network }),
  joining: msg({ id: "account.invitation.joining", defaultMessage: "Joining…" }),
  signIn: msg({ id: "account.invitation.signIn", defaultMessage: "Sign in to accept" }),
  hasAccount: msg({
    id: "account.invitation.hasAccount",
    defaultMessage: "You already have a Drumbeat account with this address.",
  }),
  otherUser: (me: string, email: string) =>
    t(
      {
        id: "account.invitation.otherUser",
        defaultMessage:
          "You are signed in as {me}, but this invitation is for {email}. Sign out, then open the link again and sign in as {email}.",
      },
      { me, email },
    ),
  signOut: msg({ id: "account.invitation.signOut", defaultMessage: "Sign out" }),
});

export default function InvitationPage() {
  const { token = "" } = useParams();
  const preview = useInvitationPreview(token);
  const session = useSession();
  const accept = useAcceptInvitation(token);
  const logout = useLogout();
  const navigate = useNavigate();
  const { errors, check } = useFieldErrors(accept.error);
  const { values, field } = useFormFields({ name: "", password: "", confirm: "" }, errors);

  if (preview.isPending || session.isPending)
    return (
      <main id="main" className="login-page" tabIndex={-1}>
        <Loading />
      </main>
    );

  const gone =
    (preview.error instanceof ApiError && preview.error.status === 404) ||
    (accept.error instanceof ApiError && accept.error.status === 404);
  const inv = preview.data;
  const me = session.data?.user;
  const goToNetwork = () => navigate(`/networks/${inv?.network.id ?? ""}`, { replace: true });

  function create(e: FormEvent) {
    e.preventDefault();
    const found = {
      name: values.name.trim() ? undefined : INVITATION_TEXT.nameMissing,
      ...validateNewPassword(values.password, values.confirm),
    };
    if (!check(found)) return;
    accept.mutate(
      { name: values.name.trim(), password: values.password },
      { onSuccess: goToNetwork, onError: () => focusFirstError() },
    );
  }

  let body;
  if (gone) {
    body = (
      <p role="alert" className="form-errors">
        {INVITATION_TEXT.gone}
      </p>
    );
  } else if (preview.error || !inv) {
    body = <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />;
  } else {
    const intro = (
      <>
        <h2>{INVITATION_TEXT.heading(inv.network.name)}</h2>
        <p>{INVITATION_TEXT.summary(inv.role, inv.invited_by_name)}</p>
        <p className="muted">
          {INVITATION_TEXT.forEmail(inv.email)} {INVITATION_TEXT.expires(formatDateTime(inv.expires_at))}
        </p>
      </>
    );
    if (!inv.account_exists && !me) {
      body = (
        <>
          {intro}
          <form onSubmit={create} noValidate aria-label={INVITATION_TEXT.create}>
            <FormErrors error={accept.error} />
            <TextField label={INVITATION_TEXT.name} {...field("name")} autoComplete="name" required />
            <NewPasswordFields
              labels={{ password: INVITATION_TEXT.password, confirm: INVITATION_TEXT.confirm }}
              field={field}
            />
            <Button type="submit" variant="primary" busy={accept.isPending} className="btn-block">
              {accept.isPending ? INVITATION_TEXT.joining : INVITATION_TEXT.create}
            </Button>
          </form>
        </>
      );
    } else if (me && me.email.toLowerCase() === inv.email.toLowerCase()) {
      body = (
        <>
          {intro}
          <FormErrors error={accept.error} />
          <Button
            variant="primary"
            busy={accept.isPending}
            className="btn-block"
            onClick={() => accept.mutate({}, { onSuccess: goToNetwork })}
          >
            {accept.isPending ? INVITATION_TEXT.joining : INVITATION_TEXT.join(inv.network.name)}
          </Button>
        </>
      );
    } else if (me) {
      body = (
        <>
          {intro}
          <p role="alert">{INVITATION_TEXT.otherUser(me.email, inv.email)}</p>
          <Button busy={logout.isPending} onClick={() => logout.mutate()}>
            {INVITATION_TEXT.signOut}
          </Button>
        </>
      );
    } else {
      body = (
        <>
          {intro}
          <p>{INVITATION_TEXT.hasAccount}</p>
          <ButtonLink variant="primary" to={`/login?next=${encodeURIComponent(`/invitations/${token}`)}`}>
            {INVITATION_TEXT.signIn}
          </ButtonLink>
        </>
      );
    }
  }

  return (
    <AccountCard brand>
      <PageHeader title={INVITATION_TEXT.title} />
      {body}
      {gone ? (
        <p>
          <Link to="/">{PRODUCT_NAME}</Link>
        </p>
      ) : null}
    </AccountCard>
  );
}
