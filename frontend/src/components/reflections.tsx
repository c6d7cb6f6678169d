import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { errorMessage } from "../api/client";
import { useMembers } from "../api/hooks/networks";
import { useCreateReflection, useDeleteReflection, type Reflection } from "../api/hooks/reflections";
import { formatDateTime, formatNumber } from "../lib/format";
import { REFLECTION_TAGS, VISIBILITIES, label } from "../lib/labels";
import { CheckboxGroup, CompactForm, TextArea, TextField, useFieldErrors, type Errors } from "./form";
import { fill, slot } from "./findings";
import { useToast } from "./toast";
import { Badge, Button } from "./ui";
import { msg, t } from "../i18n";

/** The suggested tags' words; a tag stays its API value (what is saved and filtered on). */
export const REFLECTION_TAG_LABELS = {
  power: msg({ id: "reflections.tag.power", defaultMessage: "power" }),
  mutuality: msg({ id: "reflections.tag.mutuality", defaultMessage: "mutuality" }),
  diversity: msg({ id: "reflections.tag.diversity", defaultMessage: "diversity" }),
  gender: msg({ id: "reflections.tag.gender", defaultMessage: "gender" }),
  intersectionality: msg({ id: "reflections.tag.intersectionality", defaultMessage: "intersectionality" }),
  governance: msg({ id: "reflections.tag.governance", defaultMessage: "governance" }),
  learning: msg({ id: "reflections.tag.learning", defaultMessage: "learning" }),
  communication: msg({ id: "reflections.tag.communication", defaultMessage: "communication" }),
  confidence: msg({ id: "reflections.tag.confidence", defaultMessage: "confidence" }),
} as const satisfies Record<(typeof REFLECTION_TAGS)[number], unknown>;

/** A tag in the reader's words when it is one of the suggested ones; else as its author wrote it. */
export function tagLabel(tag: string): string {
  return Object.hasOwn(REFLECTION_TAG_LABELS, tag)
    ? t(REFLECTION_TAG_LABELS[tag as keyof typeof REFLECTION_TAG_LABELS])
    : tag;
}

export type ReflectionValues = {
  body: string;
  tags: string[];
  extraTags: string;
  visibility: Reflection["visibility"];
};

export function validateReflection(v: ReflectionValues): Errors {
  return {
    body: !v.body.trim()
      ? t({ id: "reflections.validation.body_required", defaultMessage: "Write something to reflect on." })
      : v.body.length > 20000
        ? t(
            { id: "reflections.validation.body_too_long", defaultMessage: "Keep it under {max} characters." },
            { max: formatNumber(20000) },
          )
        : undefined,
  };
}

export function reflectionTags(v: ReflectionValues): string[] {
  const extra = v.extraTags
    .split(",")
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set([...v.tags, ...extra])];
}

export function ReflectionForm({ networkId, activityId }: { networkId: string; activityId?: string }) {
  const create = useCreateReflection(networkId);
  const toast = useToast();
  const [values, setValues] = useState<ReflectionValues>({ body: "", tags: [], extraTags: "", visibility: "network" });
  const { errors, local, check } = useFieldErrors(create.error, { focusFirst: false });
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateReflection(values);
    if (!check(found)) return;
    create.mutate(
      {
        body: values.body,
        tags: reflectionTags(values),
        visibility: values.visibility,
        activity_id: activityId ?? null,
      },
      {
        onSuccess: () => {
          toast.notify(t({ id: "reflections.form.saved", defaultMessage: "Reflection saved." }));
          setValues({ body: "", tags: [], extraTags: "", visibility: values.visibility });
        },
      },
    );
  }
  return (
    <CompactForm
      label={t({ id: "reflections.form.label", defaultMessage: "Write a reflection" })}
      onSubmit={submit}
      error={create.error}
      fieldErrors={local}
    >
      <TextArea
        label={t({ id: "reflections.form.body", defaultMessage: "Reflection" })}
        name="body"
        value={values.body}
        onChange={(body) => setValues({ ...values, body })}
        error={errors.body}
        required
        hint={t({
          id: "reflections.form.body_hint",
          defaultMessage: "What did you learn? Who held the power, who spoke, who was heard? Markdown is fine.",
        })}
      />
      <CheckboxGroup
        legend={t({ id: "reflections.form.tags", defaultMessage: "Tags" })}
        name="tags"
        options={REFLECTION_TAGS.map((tag) => ({ value: tag, label: tagLabel(tag) }))}
        value={values.tags}
        onChange={(tags) => setValues({ ...values, tags })}
        error={errors.tags}
      />
      <TextField
        label={t({ id: "reflections.form.other_tags", defaultMessage: "Other tags" })}
        name="extraTags"
        value={values.extraTags}
        onChange={(extraTags) => setValues({ ...values, extraTags })}
        hint={t({ id: "reflections.form.other_tags_hint", defaultMessage: "Separate with commas" })}
      />
      <fieldset className="field" data-field="visibility">
        <legend>{t({ id: "reflections.form.visibility", defaultMessage: "Who can read it" })}</legend>
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
          {t({ id: "reflections.form.submit", defaultMessage: "Save reflection" })}
        </Button>
      </div>
    </CompactForm>
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
  const slots = { author: slot("author"), visibility: slot("visibility") };
  return (
    <ul className="reflection-list">
      {items.map((r) => (
        <li key={r.id} className="reflection" data-visibility={r.visibility}>
          <div className="reflection-meta muted small">
            {fill(
              r.activity_id && activityTitles
                ? t(
                    {
                      id: "reflections.list.meta_on",
                      defaultMessage: "{author} · {date} · {visibility} · {activity}",
                    },
                    { ...slots, date: formatDateTime(r.created_at), activity: slot("activity") },
                  )
                : t(
                    { id: "reflections.list.meta", defaultMessage: "{author} · {date} · {visibility}" },
                    { ...slots, date: formatDateTime(r.created_at) },
                  ),
              {
                author: (
                  <strong>
                    {(r.author_id && names.get(r.author_id)) ||
                      t({ id: "reflections.list.a_member", defaultMessage: "A member" })}
                  </strong>
                ),
                visibility: (
                  <Badge
                    tone={r.visibility === "private" ? "warn" : r.visibility === "coordinators" ? "info" : "neutral"}
                  >
                    {label(VISIBILITIES, r.visibility)}
                  </Badge>
                ),
                activity: r.activity_id ? (
                  <Link to={`/networks/${networkId}/activities/${r.activity_id}`}>
                    {t(
                      { id: "reflections.list.on_activity", defaultMessage: "on {title}" },
                      {
                        title:
                          activityTitles?.get(r.activity_id) ??
                          t({ id: "reflections.list.an_activity", defaultMessage: "an activity" }),
                      },
                    )}
                  </Link>
                ) : null,
              },
            )}
          </div>
          <p className="reflection-body">{r.body}</p>
          <div className="tags">
            {r.tags.map((tag) => (
              <span key={tag} className="tag">
                {tagLabel(tag)}
              </span>
            ))}
            {r.author_id === userId ? (
              <Button
                size="sm"
                variant="ghost"
                onClick={() =>
                  remove.mutate(r.id, {
                    onSuccess: () =>
                      toast.notify(t({ id: "reflections.list.deleted", defaultMessage: "Reflection deleted." })),
                    onError: (e) => toast.fail(errorMessage(e)),
                  })
                }
              >
                {t({ id: "reflections.list.delete", defaultMessage: "Delete" })}
              </Button>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
