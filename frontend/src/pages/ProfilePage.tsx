import type { FormEvent } from "react";
import { LOCALES, LOCALE_NAMES, isLocale, msg, t, useLocale } from "../i18n";
import { Link } from "react-router";
import { errorMessage } from "../api/client";
import { useEndSession, useMySessions, useUpdateProfile, type AccountUser, type Language } from "../api/hooks/accounts";
import { useMyNotifications, useUpdateNotifications, type Cadence } from "../api/hooks/notifications";
import { useSession } from "../api/hooks/session";
import {
  CompactForm,
  NewPasswordFields,
  SelectField,
  TextField,
  focusFirstError,
  mergeErrors,
  useFieldErrors,
  useFormFields,
} from "../components/form";
import { useToast } from "../components/toast";
import { Badge, Button, Card, Loading, PageHeader, QueryState } from "../components/ui";
import { DataTable } from "../components/DataTable";
import { formatDate, formatDateTime } from "../lib/format";
import { CADENCES, options } from "../lib/labels";
import { validateNewPassword } from "../lib/password";
import { texts } from "../lib/texts";

export const PROFILE_TEXT = texts({
  title: msg({ id: "account.profile.title", defaultMessage: "Your profile" }),
  subtitle: (email: string) =>
    t({ id: "account.profile.subtitle", defaultMessage: "Signed in as {email}." }, { email }),
  details: msg({ id: "account.profile.details", defaultMessage: "Details" }),
  name: msg({ id: "account.profile.name", defaultMessage: "Name" }),
  language: msg({ id: "account.profile.language", defaultMessage: "Language" }),
  timezone: msg({ id: "account.profile.timezone", defaultMessage: "Time zone" }),
  timezoneHint: msg({
    id: "account.profile.timezoneHint",
    defaultMessage: "Dates and reminders are shown in this zone.",
  }),
  save: msg({ id: "account.profile.save", defaultMessage: "Save" }),
  saved: msg({ id: "account.profile.saved", defaultMessage: "Your profile is saved." }),
  passwordTitle: msg({ id: "account.profile.passwordTitle", defaultMessage: "Change password" }),
  current: msg({ id: "account.profile.current", defaultMessage: "Current password" }),
  currentMissing: msg({ id: "account.profile.currentMissing", defaultMessage: "Enter your current password." }),
  newPassword: msg({ id: "account.profile.newPassword", defaultMessage: "New password" }),
  confirm: msg({ id: "account.profile.confirm", defaultMessage: "New password again" }),
  changePassword: msg({ id: "account.profile.changePassword", defaultMessage: "Change password" }),
  passwordChanged: msg({
    id: "account.profile.passwordChanged",
    defaultMessage: "Your password is changed. Your other sessions have been signed out.",
  }),
  sessionsTitle: msg({ id: "account.profile.sessionsTitle", defaultMessage: "Where you are signed in" }),
  sessionsTable: msg({ id: "account.profile.sessionsTable", defaultMessage: "Your sessions" }),
  created: msg({ id: "account.profile.created", defaultMessage: "Signed in" }),
  lastSeen: msg({ id: "account.profile.lastSeen", defaultMessage: "Last seen" }),
  device: msg({ id: "account.profile.device", defaultMessage: "Browser or device" }),
  unknownDevice: msg({ id: "account.profile.unknownDevice", defaultMessage: "Unknown" }),
  thisSession: msg({ id: "account.profile.thisSession", defaultMessage: "this session" }),
  end: msg({ id: "account.profile.end", defaultMessage: "Sign out" }),
  endLabel: (device: string) =>
    t({ id: "account.profile.endLabel", defaultMessage: "Sign out the session on {device}" }, { device }),
  ended: msg({ id: "account.profile.ended", defaultMessage: "That session is signed out." }),
  endOthers: msg({ id: "account.profile.endOthers", defaultMessage: "Sign out everywhere else" }),
  endedOthers: msg({ id: "account.profile.endedOthers", defaultMessage: "Every other session is signed out." }),
  back: msg({ id: "account.profile.back", defaultMessage: "Back to your networks" }),
  remindersTitle: msg({ id: "account.profile.remindersTitle", defaultMessage: "Reminder emails" }),
  remindersNone: msg({ id: "account.profile.remindersNone", defaultMessage: "You are not in any network yet." }),
  cadenceLabel: (network: string) =>
    t({ id: "account.profile.cadenceLabel", defaultMessage: "Reminder emails from {network}" }, { network }),
  unsubscribed: (date: string) =>
    t(
      {
        id: "account.profile.unsubscribed",
        defaultMessage: "You unsubscribed from an email on {date}. Choosing any option here undoes that.",
      },
      { date },
    ),
  networkStopped: msg({
    id: "account.profile.networkStopped",
    defaultMessage: "The coordinators have stopped reminder emails for this network.",
  }),
  cadenceSaved: (network: string) =>
    t(
      { id: "account.profile.cadenceSaved", defaultMessage: "Reminder emails from {network} are updated." },
      { network },
    ),
});

/** The languages by their own names, so that each reader finds theirs whatever is shown now. */
export const LANGUAGES: { value: Language; label: string }[] = LOCALES.map((value) => ({
  value,
  label: LOCALE_NAMES[value],
}));

function timeZones(current: string): string[] {
  const zones =
    typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC", "Europe/London"];
  return zones.includes(current) ? zones : [current, ...zones];
}

function DetailsForm({ user }: { user: AccountUser }) {
  const update = useUpdateProfile();
  const toast = useToast();
  const { locale, setLocale } = useLocale();
  const errors = mergeErrors({}, update.error);
  const { values, field, choice } = useFormFields(
    { name: user.name, language: user.language ?? locale, timezone: user.timezone ?? "UTC" },
    errors,
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    update.mutate(
      { name: values.name.trim(), language: values.language, timezone: values.timezone },
      {
        onSuccess: (session) => {
          toast.notify(() => PROFILE_TEXT.saved);
          // The new language applies at once (the app re-renders in it).
          if (isLocale(session.user.language) && session.user.language !== locale) setLocale(session.user.language);
        },
        onError: () => focusFirstError(),
      },
    );
  }
  return (
    <CompactForm label={PROFILE_TEXT.details} onSubmit={submit} error={update.error}>
      <TextField label={PROFILE_TEXT.name} {...field("name")} autoComplete="name" />
      <SelectField label={PROFILE_TEXT.language} {...choice("language")} options={LANGUAGES} />
      <SelectField
        label={PROFILE_TEXT.timezone}
        {...field("timezone")}
        options={timeZones(values.timezone).map((z) => ({ value: z, label: z.replace(/_/g, " ") }))}
        hint={PROFILE_TEXT.timezoneHint}
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={update.isPending}>
          {PROFILE_TEXT.save}
        </Button>
      </div>
    </CompactForm>
  );
}

function PasswordForm() {
  const update = useUpdateProfile();
  const toast = useToast();
  const empty = { current_password: "", password: "", confirm: "" };
  const { errors, check } = useFieldErrors(update.error);
  const { values, setValues, field } = useFormFields(empty, errors);
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = {
      current_password: values.current_password ? undefined : PROFILE_TEXT.currentMissing,
      ...validateNewPassword(values.password, values.confirm),
    };
    if (!check(found)) return;
    update.mutate(
      { password: values.password, current_password: values.current_password },
      {
        onSuccess: () => {
          setValues(empty);
          toast.notify(PROFILE_TEXT.passwordChanged);
        },
        onError: () => focusFirstError(),
      },
    );
  }
  return (
    <CompactForm label={PROFILE_TEXT.passwordTitle} onSubmit={submit} error={update.error}>
      <TextField
        label={PROFILE_TEXT.current}
        {...field("current_password")}
        type="password"
        autoComplete="current-password"
        required
      />
      <NewPasswordFields labels={{ password: PROFILE_TEXT.newPassword, confirm: PROFILE_TEXT.confirm }} field={field} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={update.isPending}>
          {PROFILE_TEXT.changePassword}
        </Button>
      </div>
    </CompactForm>
  );
}

function Sessions() {
  const sessions = useMySessions();
  const end = useEndSession();
  const toast = useToast();
  const stop = (id: string | null) =>
    end.mutate(id, {
      onSuccess: () => toast.notify(id ? PROFILE_TEXT.ended : PROFILE_TEXT.endedOthers),
      onError: (err) => toast.fail(errorMessage(err)),
    });
  return (
    <QueryState query={sessions}>
      {(data) => (
        <>
          <DataTable
            label={PROFILE_TEXT.sessionsTable}
            columns={[PROFILE_TEXT.device, PROFILE_TEXT.created, PROFILE_TEXT.lastSeen, { hidden: PROFILE_TEXT.end }]}
          >
            {data.items.map((s) => {
              const device = s.user_agent || PROFILE_TEXT.unknownDevice;
              return (
                <tr key={s.id}>
                  <td className="clamp">
                    {device} {s.current ? <Badge tone="info">{PROFILE_TEXT.thisSession}</Badge> : null}
                  </td>
                  <td>{formatDateTime(s.created_at)}</td>
                  <td>{formatDateTime(s.last_seen_at)}</td>
                  <td>
                    {s.current ? null : (
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={PROFILE_TEXT.endLabel(device)}
                        busy={end.isPending && end.variables === s.id}
                        onClick={() => stop(s.id)}
                      >
                        {PROFILE_TEXT.end}
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
          {data.items.some((s) => !s.current) ? (
            <div className="form-actions">
              <Button variant="danger" busy={end.isPending && end.variables === null} onClick={() => stop(null)}>
                {PROFILE_TEXT.endOthers}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </QueryState>
  );
}

function ReminderEmails() {
  const prefs = useMyNotifications();
  const update = useUpdateNotifications();
  const toast = useToast();
  return (
    <QueryState
      query={prefs}
      empty={(data) => (data.items.length ? null : <p className="muted">{PROFILE_TEXT.remindersNone}</p>)}
    >
      {(data) => (
        <div className="form form-compact">
          {data.items.map((p) => (
            <div key={p.network_id}>
              <SelectField
                label={PROFILE_TEXT.cadenceLabel(p.network_name)}
                name={`cadence-${p.network_id}`}
                value={p.cadence}
                disabled={update.isPending && update.variables?.[0]?.network_id === p.network_id}
                onChange={(v) =>
                  update.mutate([{ network_id: p.network_id, cadence: v as Cadence }], {
                    onSuccess: () => toast.notify(PROFILE_TEXT.cadenceSaved(p.network_name)),
                    onError: (err) => toast.fail(errorMessage(err)),
                  })
                }
                options={options(CADENCES)}
                hint={
                  p.unsubscribed_at || !p.network_reminder_emails_enabled ? (
                    <>
                      {p.unsubscribed_at ? (
                        <span>{PROFILE_TEXT.unsubscribed(formatDate(p.unsubscribed_at))} </span>
                      ) : null}
                      {!p.network_reminder_emails_enabled ? <span>{PROFILE_TEXT.networkStopped}</span> : null}
                    </>
                  ) : undefined
                }
              />
            </div>
          ))}
        </div>
      )}
    </QueryState>
  );
}

export default function ProfilePage() {
  const session = useSession();
  const user = session.data?.user as AccountUser | undefined;
  if (!user) return <Loading />;
  return (
    <main id="main" tabIndex={-1} className="content content-narrow">
      <PageHeader title={PROFILE_TEXT.title} subtitle={PROFILE_TEXT.subtitle(user.email)} />
      <div className="stack">
        <Card title={PROFILE_TEXT.details} id="profile-details">
          <DetailsForm user={user} />
        </Card>
        <Card title={PROFILE_TEXT.passwordTitle} id="profile-password">
          <PasswordForm />
        </Card>
        <Card title={PROFILE_TEXT.remindersTitle} id="profile-reminders">
          <ReminderEmails />
        </Card>
        <Card title={PROFILE_TEXT.sessionsTitle} id="profile-sessions">
          <Sessions />
        </Card>
      </div>
      <p>
        <Link to="/">{PROFILE_TEXT.back}</Link>
      </p>
    </main>
  );
}
