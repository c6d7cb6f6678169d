import { useState, type FormEvent } from "react";
import { useUpdateNetwork } from "../../api/hooks/networks";
import { Checkbox, CompactForm, FormErrors, TextField, useFieldErrors, type Errors } from "../../components/form";
import { useNetworkContext } from "../../components/Layout";
import { useToast } from "../../components/toast";
import { Button, Card } from "../../components/ui";
import { msg, t } from "../../i18n";
import { fromLocalInput, toLocalInput } from "../../lib/format";
import { texts } from "../../lib/texts";

export function parseSchedule(value: string): number[] | null {
  const parts = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!parts.length || parts.some((p) => !/^\d+$/.test(p))) return null;
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}

export function validateReminders(v: { grace: string; schedule: string; since: string }): Errors {
  return {
    follow_up_grace_days:
      !/^\d+$/.test(v.grace) || Number(v.grace) > 365
        ? t({ id: "settings.reminders.grace_invalid", defaultMessage: "Use a number of days from 0 to 365." })
        : undefined,
    reminder_schedule_days: parseSchedule(v.schedule)
      ? undefined
      : t({
          id: "settings.reminders.schedule_invalid",
          defaultMessage: "List whole numbers of days, separated by commas, e.g. 0, 7, 21.",
        }),
    reminders_since: !v.since
      ? t({ id: "settings.reminders.since_missing", defaultMessage: "Pick a date and time." })
      : undefined,
  };
}

/** The reminder emails switch's texts, in the active language when read (tests find it by them). */
export const REMINDER_TEXT = texts({
  emails: msg({ id: "settings.reminders.emails", defaultMessage: "Send reminder emails" }),
  emailsHint: msg({
    id: "settings.reminders.emails_hint",
    defaultMessage: "When off, nobody in this network gets reminder emails; findings are still recorded.",
  }),
  emailsOn: msg({ id: "settings.reminders.emails_on", defaultMessage: "Reminder emails are on for this network." }),
  emailsOff: msg({ id: "settings.reminders.emails_off", defaultMessage: "Reminder emails are off for this network." }),
});

function ReminderEmailsSwitch() {
  const { network } = useNetworkContext();
  const update = useUpdateNetwork(network.id);
  const toast = useToast();
  const [on, setOn] = useState(network.reminder_emails_enabled);
  return (
    <>
      <FormErrors error={update.error} />
      <Checkbox
        label={REMINDER_TEXT.emails}
        name="reminder_emails_enabled"
        checked={on}
        hint={REMINDER_TEXT.emailsHint}
        onChange={(next) => {
          setOn(next);
          update.mutate(
            { reminder_emails_enabled: next },
            {
              onSuccess: (saved) => {
                setOn(saved.reminder_emails_enabled);
                toast.notify(saved.reminder_emails_enabled ? REMINDER_TEXT.emailsOn : REMINDER_TEXT.emailsOff);
              },
              onError: () => setOn(!next),
            },
          );
        }}
      />
    </>
  );
}

export function ReminderSettings() {
  const { network } = useNetworkContext();
  const update = useUpdateNetwork(network.id);
  const toast = useToast();
  const [values, setValues] = useState({
    grace: String(network.follow_up_grace_days),
    schedule: network.reminder_schedule_days.join(", "),
    since: toLocalInput(network.reminders_since),
  });
  const { errors, local, check } = useFieldErrors(update.error, { focusFirst: false });
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateReminders(values);
    if (!check(found)) return;
    update.mutate(
      {
        follow_up_grace_days: Number(values.grace),
        reminder_schedule_days: parseSchedule(values.schedule)!,
        reminders_since: fromLocalInput(values.since),
      },
      {
        onSuccess: () => toast.notify(t({ id: "settings.reminders.saved", defaultMessage: "Reminder policy saved." })),
      },
    );
  }
  return (
    <Card title={t({ id: "settings.reminders.title", defaultMessage: "Reminder policy" })} id="reminders">
      <ReminderEmailsSwitch />
      <CompactForm
        label={t({ id: "settings.reminders.title", defaultMessage: "Reminder policy" })}
        onSubmit={submit}
        error={update.error}
        fieldErrors={local}
      >
        <TextField
          label={t({ id: "settings.reminders.grace", defaultMessage: "Grace period for a follow-up (days)" })}
          name="follow_up_grace_days"
          type="number"
          min={0}
          value={values.grace}
          onChange={(grace) => setValues({ ...values, grace })}
          error={errors.follow_up_grace_days}
          hint={t({
            id: "settings.reminders.grace_hint",
            defaultMessage: "A held activity without a follow-up is flagged this many days after it ended.",
          })}
        />
        <TextField
          label={t({ id: "settings.reminders.schedule", defaultMessage: "Remind after (days)" })}
          name="reminder_schedule_days"
          value={values.schedule}
          onChange={(schedule) => setValues({ ...values, schedule })}
          error={errors.reminder_schedule_days}
          hint={t({
            id: "settings.reminders.schedule_hint",
            defaultMessage:
              "When a finding opens, the responsible person and the coordinators get a reminder on each of these days, e.g. 0, 7, 21.",
          })}
        />
        <TextField
          label={t({ id: "settings.reminders.since", defaultMessage: "Send reminders for findings since" })}
          name="reminders_since"
          type="datetime-local"
          value={values.since}
          onChange={(since) => setValues({ ...values, since })}
          error={errors.reminders_since}
          hint={t({
            id: "settings.reminders.since_hint",
            defaultMessage: "Older findings are recorded but send nothing: no retroactive blast.",
          })}
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={update.isPending}>
            {t({ id: "settings.reminders.save", defaultMessage: "Save policy" })}
          </Button>
        </div>
      </CompactForm>
    </Card>
  );
}
