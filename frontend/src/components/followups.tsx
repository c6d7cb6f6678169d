import { useEffect, useRef, type FormEvent } from "react";
import { Link } from "react-router";
import { errorMessage, newIdempotencyKey } from "../api/client";
import { useCreateFollowUp, useUpdateFollowUp, type FollowUp } from "../api/hooks/followups";
import { useMembers } from "../api/hooks/networks";
import { useOrganisations } from "../api/hooks/organisations";
import { addDays, formatDate, isoDate, relativeDays, todayIso } from "../lib/format";
import { FOLLOW_UP_KINDS, label, options } from "../lib/labels";
import { CompactForm, SelectField, TextArea, TextField, useFieldErrors, useFormFields, type Errors } from "./form";
import { fill, slot } from "./findings";
import { useToast } from "./toast";
import { t } from "../i18n";
import { Badge, Button, StatusBadge } from "./ui";

export type FollowUpValues = {
  title: string;
  kind: FollowUp["kind"];
  due_on: string;
  owner_organisation_id: string;
  assignee_user_id: string;
  notes: string;
};

export function validateFollowUp(v: FollowUpValues): Errors {
  return {
    title: !v.title.trim()
      ? t({
          id: "followups.validation.title_required",
          defaultMessage: "Say what will happen, e.g. “Coaching call on the action plans”.",
        })
      : v.title.length > 200
        ? t({ id: "followups.validation.title_too_long", defaultMessage: "Keep it under 200 characters." })
        : undefined,
    due_on: !v.due_on
      ? t({ id: "followups.validation.due_required", defaultMessage: "Pick the date it is due." })
      : !/^\d{4}-\d{2}-\d{2}$/.test(v.due_on)
        ? t({ id: "followups.validation.due_format", defaultMessage: "Use a date like 2026-03-31." })
        : undefined,
  };
}

export function FollowUpForm({
  networkId,
  activityId,
  onDone,
  focusOnOpen,
}: {
  networkId: string;
  activityId: string;
  onDone?: () => void;
  /** Scroll to the form and put the cursor in its first field when it appears (a "plan a follow-up" link). */
  focusOnOpen?: boolean;
}) {
  const create = useCreateFollowUp(networkId, activityId);
  const orgs = useOrganisations(networkId);
  const members = useMembers(networkId);
  const toast = useToast();
  const { errors, local, check } = useFieldErrors(create.error, { focusFirst: false });
  const { values, setValues, field, choice } = useFormFields<FollowUpValues>(
    {
      title: "",
      kind: "action_plan",
      due_on: isoDate(addDays(new Date(), 30)),
      owner_organisation_id: "",
      assignee_user_id: "",
      notes: "",
    },
    errors,
  );
  const idempotencyKey = useRef(newIdempotencyKey());
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!focusOnOpen) return;
    // After the layout's own move of focus to the page on navigation, which runs later in the same pass.
    const timer = window.setTimeout(() => {
      const first = formRef.current?.querySelector<HTMLElement>("input, select, textarea");
      first?.scrollIntoView?.({ block: "center" });
      first?.focus({ preventScroll: true });
    }, 0);
    return () => window.clearTimeout(timer);
  }, [focusOnOpen]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateFollowUp(values);
    if (!check(found)) return;
    create.mutate(
      {
        body: {
          title: values.title.trim(),
          kind: values.kind,
          due_on: values.due_on,
          owner_organisation_id: values.owner_organisation_id || null,
          assignee_user_id: values.assignee_user_id || null,
          notes: values.notes,
        },
        idempotencyKey: idempotencyKey.current,
      },
      {
        onSuccess: () => {
          idempotencyKey.current = newIdempotencyKey();
          toast.notify(t({ id: "followups.form.added", defaultMessage: "Follow-up added." }));
          setValues((v) => ({ ...v, title: "", notes: "" }));
          onDone?.();
        },
      },
    );
  }

  return (
    <CompactForm
      label={t({ id: "followups.form.label", defaultMessage: "Add a follow-up" })}
      onSubmit={submit}
      error={create.error}
      fieldErrors={local}
      formRef={formRef}
    >
      <TextField
        label={t({ id: "followups.form.title", defaultMessage: "What will happen" })}
        {...field("title")}
        required
      />
      <div className="form-row">
        <SelectField
          label={t({ id: "followups.form.kind", defaultMessage: "Kind" })}
          {...choice("kind")}
          options={options(FOLLOW_UP_KINDS)}
        />
        <TextField
          label={t({ id: "followups.form.due_on", defaultMessage: "Due on" })}
          {...field("due_on")}
          type="date"
          required
        />
      </div>
      <div className="form-row">
        <SelectField
          label={t({ id: "followups.form.owner", defaultMessage: "Owner organisation" })}
          {...field("owner_organisation_id")}
          placeholder={t({ id: "followups.form.owner_none", defaultMessage: "None" })}
          options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
        />
        <SelectField
          label={t({ id: "followups.form.assignee", defaultMessage: "Assigned to" })}
          {...field("assignee_user_id")}
          placeholder={t({ id: "followups.form.assignee_none", defaultMessage: "Nobody in particular" })}
          options={(members.data ?? []).map((m) => ({ value: m.user_id, label: m.name || m.email }))}
        />
      </div>
      <TextArea label={t({ id: "followups.form.notes", defaultMessage: "Notes" })} {...field("notes")} rows={2} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          {t({ id: "followups.form.submit", defaultMessage: "Add follow-up" })}
        </Button>
        {onDone ? (
          <Button variant="ghost" onClick={onDone}>
            {t({ id: "followups.form.cancel", defaultMessage: "Cancel" })}
          </Button>
        ) : null}
      </div>
    </CompactForm>
  );
}

export function isOverdue(f: FollowUp, today = todayIso()): boolean {
  return f.status === "planned" && f.due_on < today;
}

/**
 * A follow-up's line under its title, as one message with slots: when it is due (or was
 * done), its status, whether it is overdue and, in network-wide lists, the activity it follows.
 */
function followUpMeta(f: FollowUp, showActivity: boolean | undefined): string {
  const when =
    f.status === "done"
      ? t({ id: "followups.list.done_on", defaultMessage: "done {date}" }, { date: formatDate(f.completed_on) })
      : t(
          { id: "followups.list.due_on", defaultMessage: "due {date} ({relative})" },
          { date: formatDate(f.due_on), relative: relativeDays(f.due_on) },
        );
  const meta = t(
    {
      id: "followups.list.meta",
      defaultMessage: "{when} {status}{late, select, yes { {overdue}} other {}}",
    },
    { when, status: slot("status"), late: isOverdue(f) ? "yes" : "no", overdue: slot("overdue") },
  );
  return showActivity
    ? t(
        { id: "followups.list.meta_after", defaultMessage: "{meta} · {activity}" },
        { meta, activity: slot("activity") },
      )
    : meta;
}

export function FollowUpList({
  items,
  networkId,
  canEdit,
  showActivity,
  activityTitles,
}: {
  items: FollowUp[];
  networkId: string;
  canEdit: boolean;
  showActivity?: boolean;
  activityTitles?: Map<string, string>;
}) {
  const update = useUpdateFollowUp(networkId);
  const toast = useToast();
  const mark = (f: FollowUp, status: FollowUp["status"]) =>
    update.mutate(
      { id: f.id, body: { status, completed_on: status === "done" ? todayIso() : null } },
      {
        onSuccess: () =>
          toast.notify(
            status === "done"
              ? t({ id: "followups.list.marked_done", defaultMessage: "Marked done." })
              : status === "dropped"
                ? t({ id: "followups.list.dropped", defaultMessage: "Dropped." })
                : t({ id: "followups.list.replanned", defaultMessage: "Re-planned." }),
          ),
        onError: (e) => toast.fail(errorMessage(e)),
      },
    );
  return (
    <ul className="followup-list">
      {items.map((f) => (
        <li key={f.id} className="followup-row">
          <div>
            <strong>{f.title}</strong> <span className="muted small">{label(FOLLOW_UP_KINDS, f.kind)}</span>
            <div className="muted small">
              {fill(followUpMeta(f, showActivity), {
                status: <StatusBadge status={f.status} />,
                overdue: <Badge tone="bad">{t({ id: "followups.list.overdue", defaultMessage: "overdue" })}</Badge>,
                activity: (
                  <Link to={`/networks/${networkId}/activities/${f.activity_id}`}>
                    {activityTitles?.get(f.activity_id)
                      ? t(
                          { id: "followups.list.after", defaultMessage: "after {title}" },
                          { title: activityTitles.get(f.activity_id) },
                        )
                      : t({ id: "followups.list.after_unknown", defaultMessage: "after the activity" })}
                  </Link>
                ),
              })}
            </div>
            {f.notes ? <p className="small">{f.notes}</p> : null}
          </div>
          {canEdit ? (
            <div className="row-actions">
              {f.status === "planned" ? (
                <>
                  <Button size="sm" onClick={() => mark(f, "done")}>
                    {t({ id: "followups.list.mark_done", defaultMessage: "Mark done" })}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => mark(f, "dropped")}>
                    {t({ id: "followups.list.drop", defaultMessage: "Drop" })}
                  </Button>
                </>
              ) : (
                <Button size="sm" variant="ghost" onClick={() => mark(f, "planned")}>
                  {t({ id: "followups.list.replan", defaultMessage: "Re-plan" })}
                </Button>
              )}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
