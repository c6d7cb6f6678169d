import { useRef, type FormEvent } from "react";
import { newIdempotencyKey } from "../api/client";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { useActivities, useActivity, useSaveActivity } from "../api/hooks/activities";
import { useOrganisations } from "../api/hooks/organisations";
import { useSeriesList } from "../api/hooks/series";
import {
  Checkbox,
  CheckboxGroup,
  FormErrors,
  focusFirstError,
  MultiPicker,
  SelectField,
  TextArea,
  TextField,
  useFieldErrors,
  useFormFields,
} from "../components/form";
import { useNetworkContext } from "../components/Layout";
import { useToast } from "../components/toast";
import { Button, ButtonLink, ErrorState, Loading, PageHeader } from "../components/ui";
import {
  activityToValues,
  emptyActivity,
  validateActivity,
  valuesToBody,
  type ActivityValues,
} from "../lib/activityForm";
import {
  ACTIVITY_KINDS,
  ACTIVITY_STATUSES,
  CAPACITY_AREAS,
  LEVELS,
  MODALITIES,
  SKILL_KINDS,
  label,
  options,
} from "../lib/labels";
import { msg, t } from "../i18n";

/** The four counts of participants by gender, in the order the form shows them. */
const GENDER_COUNTS = [
  { name: "women", label: msg({ id: "activities.form.women", defaultMessage: "Women" }) },
  { name: "men", label: msg({ id: "activities.form.men", defaultMessage: "Men" }) },
  { name: "non_binary", label: msg({ id: "activities.form.non_binary", defaultMessage: "Non-binary" }) },
  { name: "undisclosed", label: msg({ id: "activities.form.undisclosed", defaultMessage: "Undisclosed" }) },
] as const;

export function ActivityForm({
  initial,
  activityId,
  onSaved,
}: {
  initial: ActivityValues;
  activityId?: string;
  onSaved: (id: string) => void;
}) {
  const { network } = useNetworkContext();
  const save = useSaveActivity(network.id);
  const orgs = useOrganisations(network.id);
  const series = useSeriesList(network.id);
  const others = useActivities(network.id, { status: "held" }, 100);
  const toast = useToast();
  const idempotencyKey = useRef(newIdempotencyKey());
  const { errors, check } = useFieldErrors(save.error);
  const { values, set, field, choice } = useFormFields(initial, errors);
  const orgOptions = (orgs.data ?? []).map((o) => ({ value: o.id, label: o.name, detail: label(LEVELS, o.level) }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateActivity(values);
    if (!check(found)) return;
    save.mutate(
      { id: activityId, body: valuesToBody(values), idempotencyKey: idempotencyKey.current },
      {
        onSuccess: (a) => {
          idempotencyKey.current = newIdempotencyKey();
          toast.notify(
            activityId
              ? t({ id: "activities.form.saved", defaultMessage: "Activity saved." })
              : t({ id: "activities.form.recorded", defaultMessage: "Activity recorded." }),
          );
          onSaved(a.id);
        },
        onError: () => focusFirstError(),
      },
    );
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="form"
      aria-label={
        activityId
          ? t({ id: "activities.form.edit_label", defaultMessage: "Edit activity" })
          : t({ id: "activities.form.new_label", defaultMessage: "New activity" })
      }
    >
      <FormErrors error={save.error} fieldErrors={errors} />
      <fieldset className="form-section">
        <legend>{t({ id: "activities.form.what", defaultMessage: "What" })}</legend>
        <TextField
          label={t({ id: "activities.form.title", defaultMessage: "Title" })}
          {...field("title")}
          required
          maxLength={200}
        />
        <div className="form-row">
          <SelectField
            label={t({ id: "activities.form.kind", defaultMessage: "Kind" })}
            {...choice("kind")}
            options={options(ACTIVITY_KINDS)}
          />
          <SelectField
            label={t({ id: "activities.form.modality", defaultMessage: "Modality" })}
            {...choice("modality")}
            options={options(MODALITIES)}
          />
          <SelectField
            label={t({ id: "activities.form.status", defaultMessage: "Status" })}
            {...choice("status")}
            options={options(ACTIVITY_STATUSES)}
          />
        </div>
        <TextArea
          label={t({ id: "activities.form.description", defaultMessage: "Description" })}
          {...field("description")}
        />
        <CheckboxGroup
          legend={t({ id: "activities.form.capacity_areas", defaultMessage: "Capacity areas strengthened" })}
          {...field("capacity_areas")}
          options={options(CAPACITY_AREAS)}
        />
        <CheckboxGroup
          legend={t({ id: "activities.form.skills", defaultMessage: "Skills" })}
          {...field("skill_kinds")}
          options={options(SKILL_KINDS)}
        />
        <TextField
          label={t({ id: "activities.form.themes", defaultMessage: "Themes" })}
          {...field("themes")}
          hint={t({
            id: "activities.form.themes_hint",
            defaultMessage: "Separate with commas, e.g. public health, land rights",
          })}
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>{t({ id: "activities.form.when_where", defaultMessage: "When and where" })}</legend>
        <div className="form-row">
          <TextField
            label={t({ id: "activities.form.starts", defaultMessage: "Starts" })}
            {...field("starts_at")}
            type="datetime-local"
            required
          />
          <TextField
            label={t({ id: "activities.form.ends", defaultMessage: "Ends" })}
            {...field("ends_at")}
            type="datetime-local"
            required
          />
        </div>
        <p className="hint">
          {t(
            { id: "activities.form.time_zone_hint", defaultMessage: "Times are in your time zone ({zone})." },
            { zone: Intl.DateTimeFormat().resolvedOptions().timeZone },
          )}
        </p>
        <div className="form-row">
          <TextField label={t({ id: "activities.form.location", defaultMessage: "Location" })} {...field("location")} />
          <TextField
            label={t({ id: "activities.form.country", defaultMessage: "Country code" })}
            {...field("country")}
            maxLength={2}
            hint={t({ id: "activities.form.country_hint", defaultMessage: "Two letters, e.g. MW" })}
          />
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t({ id: "activities.form.who", defaultMessage: "Who gives and who receives" })}</legend>
        {orgs.isPending ? (
          <Loading lines={2} />
        ) : orgs.error ? (
          <ErrorState error={orgs.error} />
        ) : orgOptions.length === 0 ? (
          <p className="muted">
            {t({
              id: "activities.form.no_organisations",
              defaultMessage: "No organisations yet. Add them under Organisations first.",
            })}
          </p>
        ) : (
          <div className="form-row">
            <MultiPicker
              legend={t({ id: "activities.form.facilitators", defaultMessage: "Facilitators (give)" })}
              {...field("facilitator_ids")}
              options={orgOptions}
            />
            <MultiPicker
              legend={t({ id: "activities.form.participants", defaultMessage: "Participants (receive)" })}
              {...field("participant_ids")}
              options={orgOptions}
            />
          </div>
        )}
        <div className="form-row">
          <TextField
            label={t({ id: "activities.form.participants_count", defaultMessage: "Number of participants" })}
            {...field("participants_count")}
            type="number"
            min={0}
            inputMode="numeric"
          />
        </div>
        <fieldset className="field" data-field="participants_by_gender">
          <legend>{t({ id: "activities.form.by_gender", defaultMessage: "Participants by gender (optional)" })}</legend>
          <div className="form-row form-row-4">
            {GENDER_COUNTS.map(({ name, label }) => (
              <TextField key={name} label={t(label)} {...field(name)} type="number" min={0} />
            ))}
          </div>
          {errors.participants_by_gender ? <div className="field-error">{errors.participants_by_gender}</div> : null}
        </fieldset>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t({ id: "activities.form.links", defaultMessage: "Links" })}</legend>
        <div className="form-row">
          <SelectField
            label={t({ id: "activities.form.series", defaultMessage: "Part of a series" })}
            {...field("series_id")}
            placeholder={t({ id: "activities.form.series_none", defaultMessage: "Not part of a series" })}
            options={(series.data ?? []).map((s) => ({ value: s.id, label: s.title }))}
          />
          <SelectField
            label={t({ id: "activities.form.cascade", defaultMessage: "Passes on the learning of (multiplier)" })}
            {...field("cascade_of")}
            placeholder={t({ id: "activities.form.cascade_none", defaultMessage: "Not a cascade" })}
            options={(others.data?.items ?? [])
              .filter((a) => a.id !== activityId)
              .map((a) => ({ value: a.id, label: a.title }))}
          />
        </div>
        <Checkbox
          label={t({ id: "activities.form.follow_up_expected", defaultMessage: "A follow-up is expected" })}
          name="follow_up_expected"
          checked={values.follow_up_expected}
          onChange={set("follow_up_expected")}
          hint={t(
            {
              id: "activities.form.follow_up_expected_hint",
              defaultMessage:
                "Drumbeat flags a held activity without a follow-up after {days, plural, one {# day} other {# days}}.",
            },
            { days: network.follow_up_grace_days },
          )}
        />
      </fieldset>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {save.isPending
            ? t({ id: "activities.form.saving", defaultMessage: "Saving…" })
            : activityId
              ? t({ id: "activities.form.save", defaultMessage: "Save changes" })
              : t({ id: "activities.form.record", defaultMessage: "Record activity" })}
        </Button>
        <ButtonLink
          to={activityId ? `/networks/${network.id}/activities/${activityId}` : `/networks/${network.id}/activities`}
        >
          {t({ id: "activities.form.cancel", defaultMessage: "Cancel" })}
        </ButtonLink>
      </div>
    </form>
  );
}

export default function ActivityFormPage() {
  const { activityId } = useParams();
  const { network } = useNetworkContext();
  const navigate = useNavigate();
  const activity = useActivity(activityId);
  const [params] = useSearchParams();
  const done = (id: string) => navigate(`/networks/${network.id}/activities/${id}`);
  if (!activityId) {
    return (
      <>
        <PageHeader
          title={t({ id: "activities.form.new_title", defaultMessage: "Record an activity" })}
          subtitle={t({
            id: "activities.form.new_subtitle",
            defaultMessage: "A training, exchange visit, dialogue, webinar or meeting of the network.",
          })}
        />
        <ActivityForm
          initial={{
            ...emptyActivity(),
            series_id: params.get("series_id") ?? "",
            kind: params.get("series_id") ? "network_meeting" : "training",
          }}
          onSaved={done}
        />
      </>
    );
  }
  if (activity.isPending) return <Loading />;
  if (activity.error || !activity.data)
    return <ErrorState error={activity.error} onRetry={() => void activity.refetch()} />;
  return (
    <>
      <PageHeader
        title={t(
          { id: "activities.form.edit_title", defaultMessage: "Edit “{title}”" },
          { title: activity.data.title },
        )}
      />
      <ActivityForm
        key={activity.data.updated_at}
        initial={activityToValues(activity.data)}
        activityId={activityId}
        onSaved={done}
      />
    </>
  );
}
