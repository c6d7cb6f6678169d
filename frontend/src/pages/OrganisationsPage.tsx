import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/client";
import {
  useDeleteOrganisation,
  useOrganisations,
  useSaveOrganisation,
  type Organisation,
  type OrganisationInput,
} from "../api/hooks/organisations";
import { FormErrors, SelectField, TextField, hasErrors, mergeErrors, type Errors } from "../components/form";
import { useNetworkContext } from "../components/Layout";
import { useToast } from "../components/toast";
import { Button, Card, Empty, PageHeader, QueryState } from "../components/ui";
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
    name: !v.name.trim() ? "Give the organisation's name." : undefined,
    country:
      v.country && !/^[A-Za-z]{2}$/.test(v.country.trim()) ? "Use the two-letter country code, e.g. KE." : undefined,
    contact_email:
      v.contact_email && !/^\S+@\S+\.\S+$/.test(v.contact_email.trim())
        ? "This does not look like an email address."
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
  const [values, setValues] = useState<Values>(
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
  );
  const [local, setLocal] = useState<Errors>({});
  const errors = mergeErrors(local, save.error);
  const set =
    <K extends keyof Values>(k: K) =>
    (v: Values[K]) =>
      setValues((old) => ({ ...old, [k]: v }));
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = validateOrganisation(values);
    setLocal(found);
    if (hasErrors(found)) return;
    save.mutate(
      { id: editing?.id, body: toBody(values) },
      {
        onSuccess: () => {
          toast.notify(editing ? "Organisation saved." : "Organisation added.");
          setValues(blank);
          onDone();
        },
      },
    );
  }
  return (
    <form
      className="form form-compact"
      onSubmit={submit}
      noValidate
      aria-label={editing ? "Edit organisation" : "Add an organisation"}
    >
      <FormErrors error={save.error} fieldErrors={local} />
      <TextField label="Name" name="name" value={values.name} onChange={set("name")} error={errors.name} required />
      <div className="form-row">
        <SelectField
          label="Kind"
          name="kind"
          value={values.kind}
          onChange={(v) => set("kind")(v as Values["kind"])}
          options={options(ORG_KINDS)}
          error={errors.kind}
        />
        <SelectField
          label="Level"
          name="level"
          value={values.level}
          onChange={(v) => set("level")(v as Values["level"])}
          options={options(LEVELS)}
          error={errors.level}
        />
        <TextField
          label="Country code"
          name="country"
          value={values.country}
          onChange={set("country")}
          error={errors.country}
          maxLength={2}
        />
      </div>
      <TextField
        label="Expertise"
        name="expertise"
        value={values.expertise}
        onChange={set("expertise")}
        error={errors.expertise}
        hint="Separate with commas"
      />
      <div className="form-row">
        <TextField
          label="Contact email"
          name="contact_email"
          type="email"
          value={values.contact_email}
          onChange={set("contact_email")}
          error={errors.contact_email}
        />
        <TextField
          label="IATI identifier"
          name="iati_identifier"
          value={values.iati_identifier}
          onChange={set("iati_identifier")}
          error={errors.iati_identifier}
        />
        <TextField
          label="Joined on"
          name="joined_on"
          type="date"
          value={values.joined_on}
          onChange={set("joined_on")}
          error={errors.joined_on}
        />
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {editing ? "Save organisation" : "Add organisation"}
        </Button>
        {editing ? (
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
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
        title="Organisations"
        subtitle="The member organisations of the network: who gives and who receives."
      />
      <div className="grid grid-journal">
        {canEdit ? (
          <Card title={editing ? `Edit ${editing.name}` : "Add an organisation"} id="org-form">
            <OrganisationForm
              key={editing?.id ?? "new"}
              networkId={network.id}
              editing={editing}
              onDone={() => setEditing(null)}
            />
          </Card>
        ) : null}
        <section aria-labelledby="orgs-title">
          <h2 id="orgs-title">Member organisations</h2>
          <div className="field">
            <label htmlFor="org-filter">Filter by name</label>
            <input id="org-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          </div>
          <QueryState
            query={orgs}
            lines={5}
            empty={(list) => (list.length === 0 ? <Empty title="No organisations yet." /> : null)}
          >
            {(list) => (
              <div
                className="table-wrap"
                tabIndex={0}
                role="region"
                aria-label="Table, scrolls sideways on small screens"
              >
                <table className="table">
                  <caption className="visually-hidden">Organisations</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Level</th>
                      <th scope="col">Country</th>
                      <th scope="col">Expertise</th>
                      {canEdit ? (
                        <th scope="col">
                          <span className="visually-hidden">Actions</span>
                        </th>
                      ) : null}
                    </tr>
                  </thead>
                  <tbody>
                    {list
                      .filter((o) => o.name.toLowerCase().includes(filter.trim().toLowerCase()))
                      .map((o) => (
                        <tr key={o.id}>
                          <td>{o.name}</td>
                          <td>{label(ORG_KINDS, o.kind)}</td>
                          <td>{label(LEVELS, o.level)}</td>
                          <td>{o.country ?? "—"}</td>
                          <td>{o.expertise.join(", ") || "—"}</td>
                          {canEdit ? (
                            <td className="row-actions">
                              <Button size="sm" onClick={() => setEditing(o)} aria-label={`Edit ${o.name}`}>
                                Edit
                              </Button>
                              {isCoordinator ? (
                                <Button
                                  size="sm"
                                  variant="ghost"
                                  aria-label={`Delete ${o.name}`}
                                  onClick={() =>
                                    remove.mutate(o.id, {
                                      onSuccess: () => toast.notify(`${o.name} deleted.`),
                                      onError: (e) => toast.fail(errorMessage(e)),
                                    })
                                  }
                                >
                                  Delete
                                </Button>
                              ) : null}
                            </td>
                          ) : null}
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            )}
          </QueryState>
        </section>
      </div>
    </>
  );
}
