import { useRef, useState, type FormEvent } from "react";
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
  hasErrors,
  mergeErrors,
  type Errors,
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
  const [values, setValues] = useState<ActivityValues>(initial);
  const idempotencyKey = useRef(newIdempotencyKey());
  const [local, setLocal] = useState<Errors>({});
  const errors = mergeErrors(local, save.error);
  const set =
    <K extends keyof ActivityValues>(key: K) =>
    (value: ActivityValues[K]) =>
      setValues((v) => ({ ...v, [key]: value }));
  const orgOptions = (orgs.data ?? []).map((o) => ({ value: o.id, label: o.name, detail: label(LEVELS, o.level) }));

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateActivity(values);
    setLocal(found);
    if (hasErrors(found)) {
      focusFirstError();
      return;
    }
    save.mutate(
      { id: activityId, body: valuesToBody(values), idempotencyKey: idempotencyKey.current },
      {
        onSuccess: (a) => {
          idempotencyKey.current = newIdempotencyKey();
          toast.notify(activityId ? "Activity saved." : "Activity recorded.");
          onSaved(a.id);
        },
        onError: () => focusFirstError(),
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="form" aria-label={activityId ? "Edit activity" : "New activity"}>
      <FormErrors error={save.error} fieldErrors={local} />
      <fieldset className="form-section">
        <legend>What</legend>
        <TextField
          label="Title"
          name="title"
          value={values.title}
          onChange={set("title")}
          error={errors.title}
          required
          maxLength={200}
        />
        <div className="form-row">
          <SelectField
            label="Kind"
            name="kind"
            value={values.kind}
            onChange={(v) => set("kind")(v as ActivityValues["kind"])}
            options={options(ACTIVITY_KINDS)}
            error={errors.kind}
          />
          <SelectField
            label="Modality"
            name="modality"
            value={values.modality}
            onChange={(v) => set("modality")(v as ActivityValues["modality"])}
            options={options(MODALITIES)}
            error={errors.modality}
          />
          <SelectField
            label="Status"
            name="status"
            value={values.status}
            onChange={(v) => set("status")(v as ActivityValues["status"])}
            options={options(ACTIVITY_STATUSES)}
            error={errors.status}
          />
        </div>
        <TextArea
          label="Description"
          name="description"
          value={values.description}
          onChange={set("description")}
          error={errors.description}
        />
        <CheckboxGroup
          legend="Capacity areas strengthened"
          name="capacity_areas"
          options={options(CAPACITY_AREAS)}
          value={values.capacity_areas}
          onChange={set("capacity_areas")}
          error={errors.capacity_areas}
        />
        <CheckboxGroup
          legend="Skills"
          name="skill_kinds"
          options={options(SKILL_KINDS)}
          value={values.skill_kinds}
          onChange={set("skill_kinds")}
          error={errors.skill_kinds}
        />
        <TextField
          label="Themes"
          name="themes"
          value={values.themes}
          onChange={set("themes")}
          error={errors.themes}
          hint="Separate with commas, e.g. public health, land rights"
        />
      </fieldset>
      <fieldset className="form-section">
        <legend>When and where</legend>
        <div className="form-row">
          <TextField
            label="Starts"
            name="starts_at"
            type="datetime-local"
            value={values.starts_at}
            onChange={set("starts_at")}
            error={errors.starts_at}
            required
          />
          <TextField
            label="Ends"
            name="ends_at"
            type="datetime-local"
            value={values.ends_at}
            onChange={set("ends_at")}
            error={errors.ends_at}
            required
          />
        </div>
        <p className="hint">Times are in your time zone ({Intl.DateTimeFormat().resolvedOptions().timeZone}).</p>
        <div className="form-row">
          <TextField
            label="Location"
            name="location"
            value={values.location}
            onChange={set("location")}
            error={errors.location}
          />
          <TextField
            label="Country code"
            name="country"
            value={values.country}
            onChange={set("country")}
            error={errors.country}
            maxLength={2}
            hint="Two letters, e.g. MW"
          />
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>Who gives and who receives</legend>
        {orgs.isPending ? (
          <Loading lines={2} />
        ) : orgs.error ? (
          <ErrorState error={orgs.error} />
        ) : orgOptions.length === 0 ? (
          <p className="muted">No organisations yet. Add them under Organisations first.</p>
        ) : (
          <div className="form-row">
            <MultiPicker
              legend="Facilitators (give)"
              name="facilitator_ids"
              options={orgOptions}
              value={values.facilitator_ids}
              onChange={set("facilitator_ids")}
              error={errors.facilitator_ids}
            />
            <MultiPicker
              legend="Participants (receive)"
              name="participant_ids"
              options={orgOptions}
              value={values.participant_ids}
              onChange={set("participant_ids")}
              error={errors.participant_ids}
            />
          </div>
        )}
        <div className="form-row">
          <TextField
            label="Number of participants"
            name="participants_count"
            type="number"
            min={0}
            inputMode="numeric"
            value={values.participants_count}
            onChange={set("participants_count")}
            error={errors.participants_count}
          />
        </div>
        <fieldset className="field" data-field="participants_by_gender">
          <legend>Participants by gender (optional)</legend>
          <div className="form-row form-row-4">
            <TextField label="Women" name="women" type="number" min={0} value={values.women} onChange={set("women")} />
            <TextField label="Men" name="men" type="number" min={0} value={values.men} onChange={set("men")} />
            <TextField
              label="Non-binary"
              name="non_binary"
              type="number"
              min={0}
              value={values.non_binary}
              onChange={set("non_binary")}
            />
            <TextField
              label="Undisclosed"
              name="undisclosed"
              type="number"
              min={0}
              value={values.undisclosed}
              onChange={set("undisclosed")}
            />
          </div>
          {errors.participants_by_gender ? <div className="field-error">{errors.participants_by_gender}</div> : null}
        </fieldset>
      </fieldset>
      <fieldset className="form-section">
        <legend>Links</legend>
        <div className="form-row">
          <SelectField
            label="Part of a series"
            name="series_id"
            value={values.series_id}
            onChange={set("series_id")}
            placeholder="Not part of a series"
            options={(series.data ?? []).map((s) => ({ value: s.id, label: s.title }))}
            error={errors.series_id}
          />
          <SelectField
            label="Passes on the learning of (multiplier)"
            name="cascade_of"
            value={values.cascade_of}
            onChange={set("cascade_of")}
            placeholder="Not a cascade"
            options={(others.data?.items ?? [])
              .filter((a) => a.id !== activityId)
              .map((a) => ({ value: a.id, label: a.title }))}
            error={errors.cascade_of}
          />
        </div>
        <Checkbox
          label="A follow-up is expected"
          name="follow_up_expected"
          checked={values.follow_up_expected}
          onChange={set("follow_up_expected")}
          hint={`Drumbeat flags a held activity without a follow-up after ${network.follow_up_grace_days} days.`}
        />
      </fieldset>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {save.isPending ? "Saving…" : activityId ? "Save changes" : "Record activity"}
        </Button>
        <ButtonLink
          to={activityId ? `/networks/${network.id}/activities/${activityId}` : `/networks/${network.id}/activities`}
        >
          Cancel
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
          title="Record an activity"
          subtitle="A training, exchange visit, dialogue, webinar or meeting of the network."
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
      <PageHeader title={`Edit “${activity.data.title}”`} />
      <ActivityForm
        key={activity.data.updated_at}
        initial={activityToValues(activity.data)}
        activityId={activityId}
        onSaved={done}
      />
    </>
  );
}
