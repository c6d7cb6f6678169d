import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/client";
import {
  useDeleteOrganisation,
  useOrganisations,
  useSaveOrganisation,
  type Organisation,
  type OrganisationInput,
} from "../api/hooks/organisations";
import { CompactForm, SelectField, TextField, useFieldErrors, useFormFields, type Errors } from "../components/form";
import { useNetworkContext } from "../components/Layout";
import { useToast } from "../components/toast";
import { Button, Card, Empty, PageHeader, QueryState } from "../components/ui";
import { DataTable } from "../components/DataTable";
import { formatList, t } from "../i18n";
import { LEVELS, ORG_KINDS, label, options } from "../lib/labels";

type Values = {
  name: string;
  kind: Organisation["kind"];
  level: Organisation["level"];
  country: string;
  expertise: string;
  contact_email: string;
  iati_identifier: string;
  joined_on: string;
};

const blank: Values = {
  name: "",
  kind: "ngo",
  level: "national",
  country: "",
  expertise: "",
  contact_email: "",
  iati_identifier: "",
  joined_on: "",
};

export function validateOrganisation(v: Values): Errors {
  return {
    name: !v.name.trim()
      ? t({ id: "organisations.form.name_missing", defaultMessage: "Give the organisation's name." })
      : undefined,
    country:
      v.country && !/^[A-Za-z]{2}$/.test(v.country.trim())
        ? t({ id: "organisations.form.country_invalid", defaultMessage: "Use the two-letter country code, e.g. KE." })
        : undefined,
    contact_email:
      v.contact_email && !/^\S+@\S+\.\S+$/.test(v.contact_email.trim())
        ? t({ id: "organisations.form.email_invalid", defaultMessage: "This does not look like an email address." })
        : undefined,
  };
}

function toBody(v: Values): OrganisationInput {
  return {
    name: v.name.trim(),
    kind: v.kind,
    level: v.level,
    country: v.country.trim() ? v.country.trim().toUpperCase() : null,
    expertise: v.expertise
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    contact_email: v.contact_email.trim() || null,
    iati_identifier: v.iati_identifier.trim() || null,
    joined_on: v.joined_on || null,
  };
}

function OrganisationForm({
  networkId,
  editing,
  onDone,
}: {
  networkId: string;
  editing: Organisation | null;
  onDone: () => void;
}) {
  const save = useSaveOrganisation(networkId);
  const toast = useToast();
  const { errors, local, check } = useFieldErrors(save.error, { focusFirst: false });
  const { values, setValues, field, choice } = useFormFields<Values>(
    editing
      ? {
          name: editing.name,
          kind: editing.kind,
          level: editing.level,
          country: editing.country ?? "",
          expertise: editing.expertise.join(", "),
          contact_email: editing.contact_email ?? "",
          iati_identifier: editing.iati_identifier ?? "",
          joined_on: editing.joined_on ?? "",
        }
      : blank,
    errors,
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateOrganisation(values);
    if (!check(found)) return;
    save.mutate(
      { id: editing?.id, body: toBody(values) },
      {
        onSuccess: () => {
          toast.notify(
            editing
              ? t({ id: "organisations.form.saved", defaultMessage: "Organisation saved." })
              : t({ id: "organisations.form.added", defaultMessage: "Organisation added." }),
          );
          setValues(blank);
          onDone();
        },
      },
    );
  }
  return (
    <CompactForm
      label={
        editing
          ? t({ id: "organisations.form.edit_label", defaultMessage: "Edit organisation" })
          : t({ id: "organisations.form.add_title", defaultMessage: "Add an organisation" })
      }
      onSubmit={submit}
      error={save.error}
      fieldErrors={local}
    >
      <TextField label={t({ id: "organisations.form.name", defaultMessage: "Name" })} {...field("name")} required />
      <div className="form-row">
        <SelectField
          label={t({ id: "organisations.form.kind", defaultMessage: "Kind" })}
          {...choice("kind")}
          options={options(ORG_KINDS)}
        />
        <SelectField
          label={t({ id: "organisations.form.level", defaultMessage: "Level" })}
          {...choice("level")}
          options={options(LEVELS)}
        />
        <TextField
          label={t({ id: "organisations.form.country", defaultMessage: "Country code" })}
          {...field("country")}
          maxLength={2}
        />
      </div>
      <TextField
        label={t({ id: "organisations.form.expertise", defaultMessage: "Expertise" })}
        {...field("expertise")}
        hint={t({ id: "organisations.form.expertise_hint", defaultMessage: "Separate with commas" })}
      />
      <div className="form-row">
        <TextField
          label={t({ id: "organisations.form.contact_email", defaultMessage: "Contact email" })}
          {...field("contact_email")}
          type="email"
        />
        <TextField
          label={t({ id: "organisations.form.iati_identifier", defaultMessage: "IATI identifier" })}
          {...field("iati_identifier")}
        />
        <TextField
          label={t({ id: "organisations.form.joined_on", defaultMessage: "Joined on" })}
          {...field("joined_on")}
          type="date"
        />
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {editing
            ? t({ id: "organisations.form.save", defaultMessage: "Save organisation" })
            : t({ id: "organisations.form.add", defaultMessage: "Add organisation" })}
        </Button>
        {editing ? (
          <Button variant="ghost" onClick={onDone}>
            {t({ id: "organisations.form.cancel", defaultMessage: "Cancel" })}
          </Button>
        ) : null}
      </div>
    </CompactForm>
  );
}

/** The network's organisations, one row each; editors get an aligned column of actions. */
function OrganisationsTable({
  organisations,
  canEdit,
  onEdit,
  onDelete,
}: {
  organisations: Organisation[];
  canEdit: boolean;
  onEdit: (o: Organisation) => void;
  /** Only coordinators delete. */
  onDelete?: (o: Organisation) => void;
}) {
  const notGiven = t({ id: "organisations.list.not_given", defaultMessage: "—" });
  return (
    <DataTable
      label={t({
        id: "organisations.list.table_region",
        defaultMessage: "Table, scrolls sideways on small screens",
      })}
      // The count is the filter's result, said to screen readers with the table's name.
      caption={t(
        {
          id: "organisations.list.caption",
          defaultMessage: "{count, plural, one {# organisation} other {# organisations}}",
        },
        { count: organisations.length },
      )}
      columns={[
        t({ id: "organisations.list.name", defaultMessage: "Name" }),
        t({ id: "organisations.list.kind", defaultMessage: "Kind" }),
        t({ id: "organisations.list.level", defaultMessage: "Level" }),
        t({ id: "organisations.list.country", defaultMessage: "Country" }),
        t({ id: "organisations.list.expertise", defaultMessage: "Expertise" }),
        ...(canEdit
          ? [{ hidden: t({ id: "organisations.list.actions", defaultMessage: "Actions" }), shrink: true }]
          : []),
      ]}
    >
      {organisations.map((o) => (
        <tr key={o.id}>
          <td>{o.name}</td>
          <td>{label(ORG_KINDS, o.kind)}</td>
          <td>{label(LEVELS, o.level)}</td>
          <td>{o.country ?? notGiven}</td>
          <td>{o.expertise.length ? formatList(o.expertise) : notGiven}</td>
          {canEdit ? (
            <td className="cell-actions">
              <div className="row-actions">
                <Button
                  size="sm"
                  onClick={() => onEdit(o)}
                  aria-label={t(
                    { id: "organisations.list.edit_label", defaultMessage: "Edit {name}" },
                    { name: o.name },
                  )}
                >
                  {t({ id: "organisations.list.edit", defaultMessage: "Edit" })}
                </Button>
                {onDelete ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={t(
                      { id: "organisations.list.delete_label", defaultMessage: "Delete {name}" },
                      { name: o.name },
                    )}
                    onClick={() => onDelete(o)}
                  >
                    {t({ id: "organisations.list.delete", defaultMessage: "Delete" })}
                  </Button>
                ) : null}
              </div>
            </td>
          ) : null}
        </tr>
      ))}
    </DataTable>
  );
}

export default function OrganisationsPage() {
  const { network, canEdit, isCoordinator } = useNetworkContext();
  const orgs = useOrganisations(network.id);
  const remove = useDeleteOrganisation(network.id);
  const toast = useToast();
  const [editing, setEditing] = useState<Organisation | null>(null);
  const [filter, setFilter] = useState("");
  return (
    <>
      <PageHeader
        title={t({ id: "organisations.page.title", defaultMessage: "Organisations" })}
        subtitle={t({
          id: "organisations.page.subtitle",
          defaultMessage: "The member organisations of the network: who gives and who receives.",
        })}
      />
      <div className="grid grid-journal">
        {canEdit ? (
          <Card
            title={
              editing
                ? t({ id: "organisations.form.edit_title", defaultMessage: "Edit {name}" }, { name: editing.name })
                : t({ id: "organisations.form.add_title", defaultMessage: "Add an organisation" })
            }
            id="org-form"
          >
            <OrganisationForm
              key={editing?.id ?? "new"}
              networkId={network.id}
              editing={editing}
              onDone={() => setEditing(null)}
            />
          </Card>
        ) : null}
        <section aria-labelledby="orgs-title">
          <h2 id="orgs-title">{t({ id: "organisations.list.title", defaultMessage: "Member organisations" })}</h2>
          <div className="field">
            <label htmlFor="org-filter">
              {t({ id: "organisations.list.filter", defaultMessage: "Filter by name" })}
            </label>
            <input id="org-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          </div>
          <QueryState
            query={orgs}
            lines={5}
            empty={(list) =>
              list.length === 0 ? (
                <Empty title={t({ id: "organisations.list.empty", defaultMessage: "No organisations yet." })} />
              ) : null
            }
          >
            {(list) => (
              <OrganisationsTable
                organisations={list.filter((o) => o.name.toLowerCase().includes(filter.trim().toLowerCase()))}
                canEdit={canEdit}
                onEdit={setEditing}
                onDelete={
                  isCoordinator
                    ? (o) =>
                        remove.mutate(o.id, {
                          onSuccess: () =>
                            toast.notify(
                              t(
                                { id: "organisations.list.deleted", defaultMessage: "{name} deleted." },
                                { name: o.name },
                              ),
                            ),
                          onError: (e) => toast.fail(errorMessage(e)),
                        })
                    : undefined
                }
              />
            )}
          </QueryState>
        </section>
      </div>
    </>
  );
}
