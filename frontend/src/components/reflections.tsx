import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { errorMessage } from "../api/client";
import { useMembers } from "../api/hooks/networks";
import { useCreateReflection, useDeleteReflection, type Reflection } from "../api/hooks/reflections";
import { formatDateTime } from "../lib/format";
import { REFLECTION_TAGS, VISIBILITIES, label } from "../lib/labels";
import { CheckboxGroup, FormErrors, TextArea, TextField, hasErrors, mergeErrors, type Errors } from "./form";
import { useToast } from "./toast";
import { Badge, Button } from "./ui";

export type ReflectionValues = {
  body: string;
  tags: string[];
  extraTags: string;
  visibility: Reflection["visibility"];
};

export function validateReflection(v: ReflectionValues): Errors {
  return {
    body: !v.body.trim()
      ? "Write something to reflect on."
      : v.body.length > 20000
        ? "Keep it under 20,000 characters."
        : undefined,
  };
}

export function reflectionTags(v: ReflectionValues): string[] {
  const extra = v.extraTags
    .split(",")
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set([...v.tags, ...extra])];
}

export function ReflectionForm({ networkId, activityId }: { networkId: string; activityId?: string }) {
  const create = useCreateReflection(networkId);
  const toast = useToast();
  const [values, setValues] = useState<ReflectionValues>({ body: "", tags: [], extraTags: "", visibility: "network" });
  const [local, setLocal] = useState<Errors>({});
  const errors = mergeErrors(local, create.error);
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateReflection(values);
    setLocal(found);
    if (hasErrors(found)) return;
    create.mutate(
      {
        body: values.body,
        tags: reflectionTags(values),
        visibility: values.visibility,
        activity_id: activityId ?? null,
      },
      {
        onSuccess: () => {
          toast.notify("Reflection saved.");
          setValues({ body: "", tags: [], extraTags: "", visibility: values.visibility });
        },
      },
    );
  }
  return (
    <form className="form form-compact" onSubmit={submit} noValidate aria-label="Write a reflection">
      <FormErrors error={create.error} fieldErrors={local} />
      <TextArea
        label="Reflection"
        name="body"
        value={values.body}
        onChange={(body) => setValues({ ...values, body })}
        error={errors.body}
        required
        hint="What did you learn? Who held the power, who spoke, who was heard? Markdown is fine."
      />
      <CheckboxGroup
        legend="Tags"
        name="tags"
        options={REFLECTION_TAGS.map((t) => ({ value: t, label: t }))}
        value={values.tags}
        onChange={(tags) => setValues({ ...values, tags })}
        error={errors.tags}
      />
      <TextField
        label="Other tags"
        name="extraTags"
        value={values.extraTags}
        onChange={(extraTags) => setValues({ ...values, extraTags })}
        hint="Separate with commas"
      />
      <fieldset className="field" data-field="visibility">
        <legend>Who can read it</legend>
        <div className="checkbox-row">
          {(Object.keys(VISIBILITIES) as Reflection["visibility"][]).map((v) => (
            <label key={v} className="checkbox">
              <input
                type="radio"
                name="visibility"
                value={v}
                checked={values.visibility === v}
                onChange={() => setValues({ ...values, visibility: v })}
              />
              {label(VISIBILITIES, v)}
            </label>
          ))}
        </div>
        {errors.visibility ? <div className="field-error">{errors.visibility}</div> : null}
      </fieldset>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          Save reflection
        </Button>
      </div>
    </form>
  );
}

export function ReflectionList({
  items,
  networkId,
  userId,
  activityTitles,
}: {
  items: Reflection[];
  networkId: string;
  userId: string;
  activityTitles?: Map<string, string>;
}) {
  const members = useMembers(networkId);
  const remove = useDeleteReflection(networkId);
  const toast = useToast();
  const names = new Map((members.data ?? []).map((m) => [m.user_id, m.name || m.email]));
  return (
    <ul className="reflection-list">
      {items.map((r) => (
        <li key={r.id} className="reflection" data-visibility={r.visibility}>
          <div className="reflection-meta muted small">
            <strong>{(r.author_id && names.get(r.author_id)) || "A member"}</strong> · {formatDateTime(r.created_at)} ·{" "}
            <Badge tone={r.visibility === "private" ? "warn" : r.visibility === "coordinators" ? "info" : "neutral"}>
              {label(VISIBILITIES, r.visibility)}
            </Badge>
            {r.activity_id && activityTitles ? (
              <>
                {" · on "}
                <Link to={`/networks/${networkId}/activities/${r.activity_id}`}>
                  {activityTitles.get(r.activity_id) ?? "an activity"}
                </Link>
              </>
            ) : null}
          </div>
          <p className="reflection-body">{r.body}</p>
          <div className="tags">
            {r.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
            {r.author_id === userId ? (
              <Button
                size="sm"
                variant="ghost"
                onClick={() =>
                  remove.mutate(r.id, {
                    onSuccess: () => toast.notify("Reflection deleted."),
                    onError: (e) => toast.fail(errorMessage(e)),
                  })
                }
              >
                Delete
              </Button>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
