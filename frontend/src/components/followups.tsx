import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { errorMessage, newIdempotencyKey } from "../api/client";
import { useCreateFollowUp, useUpdateFollowUp, type FollowUp } from "../api/hooks/followups";
import { useMembers } from "../api/hooks/networks";
import { useOrganisations } from "../api/hooks/organisations";
import { addDays, formatDate, isoDate, relativeDays, todayIso } from "../lib/format";
import { FOLLOW_UP_KINDS, label, options } from "../lib/labels";
import { FormErrors, SelectField, TextArea, TextField, hasErrors, mergeErrors, type Errors } from "./form";
import { useToast } from "./toast";
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
      ? "Say what will happen, e.g. “Coaching call on the action plans”."
      : v.title.length > 200
        ? "Keep it under 200 characters."
        : undefined,
    due_on: !v.due_on
      ? "Pick the date it is due."
      : !/^\d{4}-\d{2}-\d{2}$/.test(v.due_on)
        ? "Use a date like 2026-03-31."
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
  const [values, setValues] = useState<FollowUpValues>({
    title: "",
    kind: "action_plan",
    due_on: isoDate(addDays(new Date(), 30)),
    owner_organisation_id: "",
    assignee_user_id: "",
    notes: "",
  });
  const [local, setLocal] = useState<Errors>({});
  const idempotencyKey = useRef(newIdempotencyKey());
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!focusOnOpen) return;
    // After the layout's own move of focus to the page on navigation, which runs later in the same pass.
    const t = window.setTimeout(() => {
      const first = formRef.current?.querySelector<HTMLElement>("input, select, textarea");
      first?.scrollIntoView?.({ block: "center" });
      first?.focus({ preventScroll: true });
    }, 0);
    return () => window.clearTimeout(t);
  }, [focusOnOpen]);
  const errors = mergeErrors(local, create.error);
  const set =
    <K extends keyof FollowUpValues>(k: K) =>
    (v: FollowUpValues[K]) =>
      setValues((old) => ({ ...old, [k]: v }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateFollowUp(values);
    setLocal(found);
    if (hasErrors(found)) return;
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
          toast.notify("Follow-up added.");
          setValues((v) => ({ ...v, title: "", notes: "" }));
          onDone?.();
        },
      },
    );
  }

  return (
    <form ref={formRef} className="form form-compact" onSubmit={submit} noValidate aria-label="Add a follow-up">
      <FormErrors error={create.error} fieldErrors={local} />
      <TextField
        label="What will happen"
        name="title"
        value={values.title}
        onChange={set("title")}
        error={errors.title}
        required
      />
      <div className="form-row">
        <SelectField
          label="Kind"
          name="kind"
          value={values.kind}
          onChange={(v) => set("kind")(v as FollowUp["kind"])}
          options={options(FOLLOW_UP_KINDS)}
          error={errors.kind}
        />
        <TextField
          label="Due on"
          name="due_on"
          type="date"
          value={values.due_on}
          onChange={set("due_on")}
          error={errors.due_on}
          required
        />
      </div>
      <div className="form-row">
        <SelectField
          label="Owner organisation"
          name="owner_organisation_id"
          value={values.owner_organisation_id}
          onChange={set("owner_organisation_id")}
          placeholder="None"
          options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
          error={errors.owner_organisation_id}
        />
        <SelectField
          label="Assigned to"
          name="assignee_user_id"
          value={values.assignee_user_id}
          onChange={set("assignee_user_id")}
          placeholder="Nobody in particular"
          options={(members.data ?? []).map((m) => ({ value: m.user_id, label: m.name || m.email }))}
          error={errors.assignee_user_id}
        />
      </div>
      <TextArea label="Notes" name="notes" value={values.notes} onChange={set("notes")} error={errors.notes} rows={2} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          Add follow-up
        </Button>
        {onDone ? (
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}

export function isOverdue(f: FollowUp, today = todayIso()): boolean {
  return f.status === "planned" && f.due_on < today;
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
          toast.notify(status === "done" ? "Marked done." : status === "dropped" ? "Dropped." : "Re-planned."),
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
              {f.status === "done"
                ? `done ${formatDate(f.completed_on)}`
                : `due ${formatDate(f.due_on)} (${relativeDays(f.due_on)})`}{" "}
              <StatusBadge status={f.status} /> {isOverdue(f) ? <Badge tone="bad">overdue</Badge> : null}
              {showActivity ? (
                <>
                  {" · after "}
                  <Link to={`/networks/${networkId}/activities/${f.activity_id}`}>
                    {activityTitles?.get(f.activity_id) ?? "the activity"}
                  </Link>
                </>
              ) : null}
            </div>
            {f.notes ? <p className="small">{f.notes}</p> : null}
          </div>
          {canEdit ? (
            <div className="row-actions">
              {f.status === "planned" ? (
                <>
                  <Button size="sm" onClick={() => mark(f, "done")}>
                    Mark done
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => mark(f, "dropped")}>
                    Drop
                  </Button>
                </>
              ) : (
                <Button size="sm" variant="ghost" onClick={() => mark(f, "planned")}>
                  Re-plan
                </Button>
              )}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
