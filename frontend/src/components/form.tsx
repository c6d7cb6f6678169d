/**
 * Form controls with a label on every control and the error next to its field, whether the
 * error came from the browser-side check or from the API's problem+json `errors[]`.
 */
import {
  useId,
  useState,
  type ChangeEvent,
  type FormEvent,
  type InputHTMLAttributes,
  type Ref,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { ApiError } from "../api/client";
import { t } from "../i18n";
import { PASSWORD_TEXT } from "../lib/password";

/** The mark after a required field's label (a symbol, the same in every language). */
const REQUIRED_MARK = " *";

export type Errors = Record<string, string | undefined>;

/** What a Field hands its control: the control's id and its links to the hint and error. */
type FieldIds = { id: string; describedBy?: string; invalid: boolean };

type FieldProps = {
  label: string;
  name: string;
  error?: string;
  hint?: ReactNode;
  children: (ids: FieldIds) => ReactNode;
  required?: boolean;
};

export function Field({ label, name, error, hint, children, required }: FieldProps) {
  const base = useId();
  const id = `${base}-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field ${error ? "field-invalid" : ""}`} data-field={name}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span aria-hidden="true" className="required">
            {REQUIRED_MARK}
          </span>
        ) : null}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint ? (
        <div id={hintId} className="hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <div id={errorId} className="field-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** The props every labelled control with a text value takes, on top of its element's own. */
type ControlProps = {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
};

/** The attributes every control inside a Field carries: its id, its value, its hint and error links. */
function controlAttributes<E extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
  { id, describedBy, invalid }: FieldIds,
  name: string,
  value: string,
  onChange: (value: string) => void,
) {
  return {
    id,
    name,
    value,
    onChange: (e: ChangeEvent<E>) => onChange(e.target.value),
    "aria-invalid": invalid || undefined,
    "aria-describedby": describedBy,
  };
}

type TextProps = Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value"> & ControlProps;

export function TextField({ label, name, value, onChange, error, hint, required, ...rest }: TextProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint} required={required}>
      {(ids) => (
        <input
          {...controlAttributes<HTMLInputElement>(ids, name, value, onChange)}
          aria-required={required || undefined}
          {...rest}
        />
      )}
    </Field>
  );
}

type AreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "onChange" | "value"> & ControlProps;

export function TextArea({ label, name, value, onChange, error, hint, required, ...rest }: AreaProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint} required={required}>
      {(ids) => (
        <textarea
          {...controlAttributes<HTMLTextAreaElement>(ids, name, value, onChange)}
          aria-required={required || undefined}
          rows={4}
          {...rest}
        />
      )}
    </Field>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "onChange" | "value"> &
  ControlProps & {
    options: { value: string; label: string }[];
    placeholder?: string;
  };

export function SelectField({
  label,
  name,
  value,
  onChange,
  error,
  hint,
  options,
  placeholder,
  required,
  ...rest
}: SelectProps) {
  return (
    <Field label={label} name={name} error={error} hint={hint} required={required}>
      {(ids) => (
        <select {...controlAttributes<HTMLSelectElement>(ids, name, value, onChange)} {...rest}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The chosen values after one checkbox of a list is ticked or unticked. */
function toggled(chosen: string[], item: string, checked: boolean): string[] {
  return checked ? [...chosen, item] : chosen.filter((v) => v !== item);
}

/** A fieldset's error line, which the fieldset names in its aria-describedby. */
function FieldsetError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <div id={id} className="field-error">
      {error}
    </div>
  ) : null;
}

/** A group of checkboxes in a fieldset with a legend: for small sets (capacity areas). */
export function CheckboxGroup({
  legend,
  name,
  options,
  value,
  onChange,
  error,
}: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}) {
  const base = useId();
  return (
    <fieldset
      className={`field checkbox-group ${error ? "field-invalid" : ""}`}
      data-field={name}
      aria-describedby={error ? `${base}-error` : undefined}
    >
      <legend>{legend}</legend>
      <div className="checkbox-row">
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input
              type="checkbox"
              name={name}
              value={o.value}
              checked={value.includes(o.value)}
              onChange={(e) => onChange(toggled(value, o.value, e.target.checked))}
            />
            {o.label}
          </label>
        ))}
      </div>
      <FieldsetError id={`${base}-error`} error={error} />
    </fieldset>
  );
}

export function Checkbox({
  label,
  checked,
  onChange,
  name,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  name: string;
  hint?: string;
}) {
  return (
    <div className="field" data-field={name}>
      <label className="checkbox">
        <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      {hint ? <div className="hint">{hint}</div> : null}
    </div>
  );
}

/**
 * A searchable multi-picker (organisations as facilitators or participants): a filter box
 * and a scrollable list of checkboxes; chosen items are listed first.
 */
export function MultiPicker({
  legend,
  name,
  options,
  value,
  onChange,
  error,
  hint,
}: {
  legend: string;
  name: string;
  options: { value: string; label: string; detail?: string }[];
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
  hint?: string;
}) {
  const [filter, setFilter] = useState("");
  const base = useId();
  const needle = filter.trim().toLowerCase();
  const shown = options
    .filter((o) => !needle || o.label.toLowerCase().includes(needle) || value.includes(o.value))
    .sort((a, b) => Number(value.includes(b.value)) - Number(value.includes(a.value)));
  return (
    <fieldset
      className={`field picker ${error ? "field-invalid" : ""}`}
      data-field={name}
      aria-describedby={error ? `${base}-error` : undefined}
    >
      <legend>
        {legend}
        <span className="muted picker-count">
          {t(
            { id: "common.picker.chosen", defaultMessage: "({count, plural, one {# chosen} other {# chosen}})" },
            { count: value.length },
          )}
        </span>
      </legend>
      {options.length > 6 ? (
        <>
          <label htmlFor={`${base}-filter`} className="visually-hidden">
            {t({ id: "common.picker.filterLabel", defaultMessage: "Filter: {legend}" }, { legend })}
          </label>
          <input
            id={`${base}-filter`}
            type="search"
            placeholder={t({ id: "common.picker.filterPlaceholder", defaultMessage: "Type to filter…" })}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </>
      ) : null}
      <div className="picker-list">
        {shown.length === 0 ? (
          <p className="muted">{t({ id: "common.picker.noMatch", defaultMessage: "No organisation matches." })}</p>
        ) : null}
        {shown.map((o) => (
          <label key={o.value} className="checkbox">
            <input
              type="checkbox"
              name={name}
              value={o.value}
              checked={value.includes(o.value)}
              onChange={(e) => onChange(toggled(value, o.value, e.target.checked))}
            />
            <span>
              {o.label}
              {o.detail ? <span className="muted picker-detail">{o.detail}</span> : null}
            </span>
          </label>
        ))}
      </div>
      {hint ? <div className="hint">{hint}</div> : null}
      <FieldsetError id={`${base}-error`} error={error} />
    </fieldset>
  );
}

/** The form-level error summary; field errors also sit next to their fields. */
export function FormErrors({ error, fieldErrors }: { error: unknown; fieldErrors?: Errors }) {
  if (!error && !Object.values(fieldErrors ?? {}).some(Boolean)) return null;
  const message =
    error instanceof ApiError
      ? error.message
      : error
        ? t({ id: "common.unexpected", defaultMessage: "Something unexpected happened. Try again." })
        : t({ id: "common.fieldsNeedAttention", defaultMessage: "Some fields need attention." });
  const unplaced = error instanceof ApiError ? error.fieldErrors["_"] : undefined;
  return <ErrorBox messages={unplaced ? [message, unplaced] : [message]} />;
}

/** Errors said at once (an alert), in the box above a form's fields: a paragraph each. */
export function ErrorBox({ messages }: { messages: string[] }) {
  return (
    <div className="form-errors" role="alert">
      {messages.map((m, i) => (
        <p key={i}>{m}</p>
      ))}
    </div>
  );
}

/**
 * A form in a card or a panel: named for assistive technology, checked by the app rather than
 * the browser (so errors read the same everywhere), its error summary above its fields.
 */
export function CompactForm({
  label,
  onSubmit,
  error,
  fieldErrors,
  formRef,
  children,
}: {
  label: string;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  /** The request's error, for the summary. */
  error: unknown;
  /** The browser-side check's errors, for the summary. */
  fieldErrors?: Errors;
  formRef?: Ref<HTMLFormElement>;
  children: ReactNode;
}) {
  return (
    <form ref={formRef} className="form form-compact" onSubmit={onSubmit} noValidate aria-label={label}>
      <FormErrors error={error} fieldErrors={fieldErrors} />
      {children}
    </form>
  );
}

/** Merges browser-side errors with the API's field errors (the API's win). */
export function mergeErrors(local: Errors, error: unknown): Errors {
  if (error instanceof ApiError && error.status === 422) return { ...local, ...error.fieldErrors };
  return local;
}

export function hasErrors(errors: Errors): boolean {
  return Object.values(errors).some(Boolean);
}

/**
 * A form's field errors: those its browser-side check found (`local`), merged with the API's
 * (the API's win). `check(found)` shows what the check found and says whether the form may
 * be sent; when it may not, the first invalid field gets the focus, unless `focusFirst` is
 * false (a small form in a card, where the summary above the fields is in view).
 */
export function useFieldErrors(apiError: unknown, { focusFirst = true }: { focusFirst?: boolean } = {}) {
  const [local, setLocal] = useState<Errors>({});
  function check(found: Errors): boolean {
    setLocal(found);
    if (!hasErrors(found)) return true;
    if (focusFirst) focusFirstError();
    return false;
  }
  return { errors: mergeErrors(local, apiError), local, check };
}

/**
 * A form's values, with what ties a control to one of them: `set(key)` changes one value,
 * and `{...field(key)}` gives a control that value's name, value, change handler and error.
 * `{...choice(key)}` does so for a SelectField whose options are the values the key can
 * take (an enumeration's table), so the string it chooses is taken as one of them.
 */
export function useFormFields<V extends object>(initial: V, errors: Errors) {
  const [values, setValues] = useState<V>(initial);
  const set =
    <K extends keyof V & string>(key: K) =>
    (value: V[K]) =>
      setValues((v) => ({ ...v, [key]: value }));
  const field = <K extends keyof V & string>(name: K) => ({
    name,
    value: values[name],
    onChange: set(name),
    error: errors[name],
  });
  const choice = <K extends keyof V & string>(name: K) => ({
    ...field(name),
    onChange: (value: string) => set(name)(value as V[K]),
  });
  return { values, setValues, set, field, choice };
}

/**
 * After a refused submit, focus the first field this module marked invalid (or the error
 * summary), once React has rendered the errors.
 */
export function focusFirstError() {
  window.setTimeout(() => {
    const el = document.querySelector<HTMLElement>(
      ".field-invalid input, .field-invalid select, .field-invalid textarea, .form-errors",
    );
    if (el) {
      if (!el.matches("input, select, textarea")) el.tabIndex = -1;
      el.focus();
    }
  }, 0);
}

/** What NewPasswordFields needs of its form: the two values' bindings, as useFormFields gives them. */
type PasswordBinding = (name: "password" | "confirm") => {
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
};

type NewPasswordProps = {
  labels: { password: string; confirm: string };
  field: PasswordBinding;
  hint?: string;
};

/** A new password and its confirmation, as every page that sets a password asks for them. */
export function NewPasswordFields({ labels, field, hint = PASSWORD_TEXT.hint }: NewPasswordProps) {
  return (
    <>
      <TextField
        label={labels.password}
        {...field("password")}
        type="password"
        autoComplete="new-password"
        hint={hint}
        required
      />
      <TextField label={labels.confirm} {...field("confirm")} type="password" autoComplete="new-password" required />
    </>
  );
}
