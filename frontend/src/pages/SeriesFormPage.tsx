import { useMemo, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { useSaveSeries, useSeries, type Series, type SeriesInput } from "../api/hooks/series";
import {
  Checkbox,
  FormErrors,
  focusFirstError,
  SelectField,
  TextArea,
  TextField,
  hasErrors,
  mergeErrors,
  useFormFields,
  type Errors,
} from "../components/form";
import { useNetworkContext } from "../components/Layout";
import { RecurrenceBuilder } from "../components/RecurrenceBuilder";
import { useToast } from "../components/toast";
import { Button, ButtonLink, ErrorState, Loading, PageHeader } from "../components/ui";
import { t } from "../i18n";
import { ACTIVITY_KINDS, options } from "../lib/labels";
import { defaultSpec, seriesRule, specOfSeries, validateSpec, type RuleSpec } from "../lib/recurrence";

type Values = {
  title: string;
  description: string;
  kind: Series["kind"];
  dtstart: string;
  timezone: string;
  tolerance_days: string;
  active: boolean;
};

export function validateSeries(v: Values): Errors {
  return {
    title: !v.title.trim()
      ? t({
          id: "series.form.error_title",
          defaultMessage: "Give the series a name, e.g. “Annual network meeting”.",
        })
      : undefined,
    dtstart: !v.dtstart
      ? t({ id: "series.form.error_dtstart", defaultMessage: "When is the first meeting?" })
      : undefined,
    timezone: !v.timezone
      ? t({ id: "series.form.error_timezone", defaultMessage: "Pick the time zone the meeting is held in." })
      : undefined,
    tolerance_days:
      !/^\d+$/.test(v.tolerance_days) || Number(v.tolerance_days) > 90
        ? t({ id: "series.form.error_tolerance", defaultMessage: "Use a number of days from 0 to 90." })
        : undefined,
  };
}

function zones(current: string): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const all = intl.supportedValuesOf?.("timeZone") ?? [];
  return [...new Set([current, "UTC", ...all])].filter(Boolean);
}

export function SeriesForm({ initial, seriesId }: { initial?: Series; seriesId?: string }) {
  const { network } = useNetworkContext();
  const save = useSaveSeries(network.id);
  const navigate = useNavigate();
  const toast = useToast();
  const firstDefault = useMemo(() => {
    const d = new Date();
    d.setMonth(d.getMonth() + 1, 15);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-15T10:00`;
  }, []);
  const [local, setLocal] = useState<Errors>({});
  const errors = mergeErrors(local, save.error);
  const { values, set, field, choice } = useFormFields<Values>(
    initial
      ? {
          title: initial.title,
          description: initial.description,
          kind: initial.kind,
          dtstart: initial.dtstart.slice(0, 16),
          timezone: initial.timezone,
          tolerance_days: String(initial.tolerance_days),
          active: initial.active,
        }
      : {
          title: "",
          description: "",
          kind: "network_meeting",
          dtstart: firstDefault,
          timezone: network.timezone,
          tolerance_days: "7",
          active: true,
        },
    errors,
  );
  const [spec, setSpec] = useState<RuleSpec>(
    () =>
      (initial && specOfSeries(initial.rrule, initial.dtstart, initial.ends_on)) ||
      defaultSpec(values.dtstart, "YEARLY"),
  );
  const [checked, setChecked] = useState(false);
  const specErrors = checked ? validateSpec(spec, values.dtstart) : {};
  // A saved rule the builder cannot show is kept as it is, with its end date.
  const advanced = initial && !specOfSeries(initial.rrule, initial.dtstart, initial.ends_on);

  function changeStart(dtstart: string) {
    set("dtstart")(dtstart);
    // Keep the rule anchored on the first meeting while the user has not shaped it.
    if (!initial)
      setSpec((s) => ({
        ...defaultSpec(dtstart, s.freq),
        interval: s.interval,
        end: s.end,
        count: s.count,
        until: s.until,
        monthlyMode: s.monthlyMode,
      }));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setChecked(true);
    const found = validateSeries(values);
    setLocal(found);
    if (hasErrors(found) || hasErrors(validateSpec(spec, values.dtstart) as Errors)) {
      focusFirstError();
      return;
    }
    const rule = advanced && initial ? { rrule: initial.rrule, ends_on: initial.ends_on } : seriesRule(spec);
    const body: SeriesInput = {
      title: values.title.trim(),
      description: values.description,
      kind: values.kind,
      rrule: rule.rrule,
      dtstart: `${values.dtstart}:00`.slice(0, 19),
      timezone: values.timezone,
      tolerance_days: Number(values.tolerance_days),
      active: values.active,
      ends_on: rule.ends_on,
    };
    save.mutate(
      { id: seriesId, body },
      {
        onSuccess: (s) => {
          toast.notify(
            seriesId
              ? t({ id: "series.form.saved", defaultMessage: "Series saved." })
              : t({ id: "series.form.created", defaultMessage: "Series created." }),
          );
          navigate(`/networks/${network.id}/series/${s.id}`);
        },
        onError: () => focusFirstError(),
      },
    );
  }

  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label={
        seriesId
          ? t({ id: "series.form.edit_label", defaultMessage: "Edit series" })
          : t({ id: "series.form.new_label", defaultMessage: "New series" })
      }
    >
      <FormErrors error={save.error} fieldErrors={local} />
      <fieldset className="form-section">
        <legend>{t({ id: "series.form.platform", defaultMessage: "The platform" })}</legend>
        <TextField label={t({ id: "series.form.name", defaultMessage: "Name" })} {...field("title")} required />
        <SelectField
          label={t({ id: "series.form.kind", defaultMessage: "Kind" })}
          {...choice("kind")}
          options={options(ACTIVITY_KINDS)}
        />
        <TextArea
          label={t({ id: "series.form.description", defaultMessage: "Description" })}
          {...field("description")}
          rows={2}
        />
        <div className="form-row">
          <TextField
            label={t({ id: "series.form.dtstart", defaultMessage: "First meeting (local time)" })}
            name="dtstart"
            type="datetime-local"
            value={values.dtstart}
            onChange={changeStart}
            error={errors.dtstart}
            required
          />
          <SelectField
            label={t({ id: "series.form.timezone", defaultMessage: "Time zone" })}
            {...field("timezone")}
            options={zones(values.timezone).map((z) => ({ value: z, label: z }))}
          />
        </div>
        <div className="form-row">
          <TextField
            label={t({ id: "series.form.tolerance", defaultMessage: "Tolerance (days)" })}
            {...field("tolerance_days")}
            type="number"
            min={0}
            max={90}
            hint={t({
              id: "series.form.tolerance_hint",
              defaultMessage: "A meeting held this many days early or late still counts.",
            })}
          />
        </div>
        <Checkbox
          label={t({ id: "series.form.active", defaultMessage: "Active: Drumbeat notices a missed meeting" })}
          name="active"
          checked={values.active}
          onChange={set("active")}
        />
      </fieldset>
      {advanced ? (
        <div className="rule-preview">
          <p>
            {t({
              id: "series.form.advanced_rule",
              defaultMessage: "This series uses a rule the builder cannot show; it is kept as it is:",
            })}
          </p>
          <code>{initial?.rrule}</code>
        </div>
      ) : (
        <RecurrenceBuilder
          spec={spec}
          onChange={setSpec}
          dtstart={values.dtstart}
          timezone={values.timezone}
          // The API's objections to ends_on concern the builder's end date.
          errors={{ ...specErrors, until: specErrors.until ?? errors.ends_on }}
          ruleError={errors.rrule}
        />
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {seriesId
            ? t({ id: "series.form.save", defaultMessage: "Save series" })
            : t({ id: "series.form.create", defaultMessage: "Create series" })}
        </Button>
        <ButtonLink to={seriesId ? `/networks/${network.id}/series/${seriesId}` : `/networks/${network.id}/series`}>
          {t({ id: "series.form.cancel", defaultMessage: "Cancel" })}
        </ButtonLink>
      </div>
    </form>
  );
}

export default function SeriesFormPage() {
  const { seriesId } = useParams();
  const series = useSeries(seriesId);
  if (!seriesId) {
    return (
      <>
        <PageHeader
          title={t({ id: "series.form.new_title", defaultMessage: "New series" })}
          subtitle={t({
            id: "series.form.new_subtitle",
            defaultMessage: "A recurring platform: an annual network meeting, a monthly webinar, a quarterly dialogue.",
          })}
        />
        <SeriesForm />
      </>
    );
  }
  if (series.isPending) return <Loading />;
  if (series.error || !series.data) return <ErrorState error={series.error} onRetry={() => void series.refetch()} />;
  return (
    <>
      <PageHeader
        title={t({ id: "series.form.edit_title", defaultMessage: "Edit “{title}”" }, { title: series.data.title })}
      />
      <SeriesForm key={series.data.updated_at} initial={series.data} seriesId={seriesId} />
    </>
  );
}
