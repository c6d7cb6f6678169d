import { useState, type FormEvent } from "react";
import { msg, t } from "../i18n";
import { Link, Navigate } from "react-router";
import { ApiError, errorMessage } from "../api/client";
import { useCreateNetwork, useCreateUser, useSetUserActive, useUsers } from "../api/hooks/admin";
import { useSession } from "../api/hooks/session";
import {
  Checkbox,
  CompactForm,
  ErrorBox,
  FormErrors,
  NewPasswordFields,
  TextField,
  focusFirstError,
  useFieldErrors,
  useFormFields,
} from "../components/form";
import { useToast } from "../components/toast";
import { Badge, Button, Card, ConfirmButton, PageHeader, QueryState } from "../components/ui";
import { DataTable } from "../components/DataTable";
import { formatDate } from "../lib/format";
import { validateNewPassword } from "../lib/password";
import { looksLikeEmail } from "../lib/email";
import { texts } from "../lib/texts";

export const ADMIN_TEXT = texts({
  title: msg({ id: "admin.title", defaultMessage: "Site administration" }),
  subtitle: msg({ id: "admin.subtitle", defaultMessage: "People with a Drumbeat account, and new networks." }),
  usersTitle: msg({ id: "admin.usersTitle", defaultMessage: "Users" }),
  usersTable: msg({ id: "admin.usersTable", defaultMessage: "Users table" }),
  person: msg({ id: "admin.person", defaultMessage: "Person" }),
  since: msg({ id: "admin.since", defaultMessage: "Since" }),
  status: msg({ id: "admin.status", defaultMessage: "Status" }),
  active: msg({ id: "admin.active", defaultMessage: "active" }),
  inactive: msg({ id: "admin.inactive", defaultMessage: "deactivated" }),
  admin: msg({ id: "admin.admin", defaultMessage: "site admin" }),
  deactivate: msg({ id: "admin.deactivate", defaultMessage: "Deactivate" }),
  reactivate: msg({ id: "admin.reactivate", defaultMessage: "Reactivate" }),
  deactivateLabel: (who: string) => t({ id: "admin.deactivateLabel", defaultMessage: "Deactivate {who}" }, { who }),
  reactivateLabel: (who: string) => t({ id: "admin.reactivateLabel", defaultMessage: "Reactivate {who}" }, { who }),
  deactivateQuestion: msg({
    id: "admin.deactivateQuestion",
    defaultMessage: "Deactivate and sign them out everywhere?",
  }),
  reactivateQuestion: msg({ id: "admin.reactivateQuestion", defaultMessage: "Let them sign in again?" }),
  yes: msg({ id: "admin.yes", defaultMessage: "Yes" }),
  no: msg({ id: "admin.no", defaultMessage: "No" }),
  deactivated: (who: string) => t({ id: "admin.deactivated", defaultMessage: "{who} is deactivated." }, { who }),
  reactivated: (who: string) => t({ id: "admin.reactivated", defaultMessage: "{who} can sign in again." }, { who }),
  more: msg({ id: "admin.more", defaultMessage: "Show more users" }),
  createUserTitle: msg({ id: "admin.createUserTitle", defaultMessage: "Create a user" }),
  createUserHint: msg({
    id: "admin.createUserHint",
    defaultMessage: "To bring someone into a network, a coordinator can also invite them by email.",
  }),
  email: msg({ id: "admin.email", defaultMessage: "Email" }),
  emailMissing: msg({ id: "admin.emailMissing", defaultMessage: "Enter an email address." }),
  name: msg({ id: "admin.name", defaultMessage: "Name" }),
  password: msg({ id: "admin.password", defaultMessage: "Password" }),
  confirm: msg({ id: "admin.confirm", defaultMessage: "Password again" }),
  isAdmin: msg({ id: "admin.isAdmin", defaultMessage: "Site admin (sees and manages every network)" }),
  createUser: msg({ id: "admin.createUser", defaultMessage: "Create user" }),
  userCreated: (email: string) =>
    t({ id: "admin.userCreated", defaultMessage: "The account for {email} is created." }, { email }),
  networkTitle: msg({ id: "admin.networkTitle", defaultMessage: "Create a network" }),
  networkName: msg({ id: "admin.networkName", defaultMessage: "Network name" }),
  networkNameMissing: msg({ id: "admin.networkNameMissing", defaultMessage: "Name the network." }),
  slug: msg({ id: "admin.slug", defaultMessage: "Short name in addresses" }),
  slugHint: msg({
    id: "admin.slugHint",
    defaultMessage: "Lower-case letters, digits and dashes; unique. Filled in from the name.",
  }),
  slugInvalid: msg({
    id: "admin.slugInvalid",
    defaultMessage: "Use lower-case letters, digits and single dashes (at least 2 characters).",
  }),
  createNetwork: msg({ id: "admin.createNetwork", defaultMessage: "Create network" }),
  networkCreated: (name: string) => t({ id: "admin.networkCreated", defaultMessage: "{name} is created." }, { name }),
  openNetwork: msg({ id: "admin.openNetwork", defaultMessage: "Open it" }),
});

function CreateUser() {
  const create = useCreateUser();
  const toast = useToast();
  const empty = { email: "", name: "", password: "", confirm: "", is_admin: false };
  const { errors, check } = useFieldErrors(create.error);
  const { values, setValues, set, field } = useFormFields(empty, errors);
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = {
      email: looksLikeEmail(values.email) ? undefined : ADMIN_TEXT.emailMissing,
      ...validateNewPassword(values.password, values.confirm),
    };
    if (!check(found)) return;
    const email = values.email.trim();
    create.mutate(
      { email, name: values.name.trim(), password: values.password, is_admin: values.is_admin },
      {
        onSuccess: () => {
          toast.notify(ADMIN_TEXT.userCreated(email));
          setValues(empty);
        },
        onError: () => focusFirstError(),
      },
    );
  }
  return (
    <form className="form form-compact" onSubmit={submit} noValidate aria-label={ADMIN_TEXT.createUserTitle}>
      <p className="muted small">{ADMIN_TEXT.createUserHint}</p>
      <FormErrors error={create.error} />
      <TextField label={ADMIN_TEXT.email} {...field("email")} type="email" required />
      <TextField label={ADMIN_TEXT.name} {...field("name")} />
      <NewPasswordFields labels={{ password: ADMIN_TEXT.password, confirm: ADMIN_TEXT.confirm }} field={field} />
      <Checkbox label={ADMIN_TEXT.isAdmin} name="is_admin" checked={values.is_admin} onChange={set("is_admin")} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          {ADMIN_TEXT.createUser}
        </Button>
      </div>
    </form>
  );
}

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

function CreateNetwork() {
  const create = useCreateNetwork();
  const toast = useToast();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState<string | null>(null);
  const { errors, check } = useFieldErrors(create.error);
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);
  const effectiveSlug = slug ?? slugify(name);
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = {
      name: name.trim() ? undefined : ADMIN_TEXT.networkNameMissing,
      slug:
        /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(effectiveSlug) && effectiveSlug.length >= 2
          ? undefined
          : ADMIN_TEXT.slugInvalid,
    };
    if (!check(found)) return;
    create.mutate(
      { name: name.trim(), slug: effectiveSlug },
      {
        onSuccess: (network) => {
          toast.notify(ADMIN_TEXT.networkCreated(network.name));
          setCreated({ id: network.id, name: network.name });
          setName("");
          setSlug(null);
        },
        onError: () => focusFirstError(),
      },
    );
  }
  return (
    <CompactForm label={ADMIN_TEXT.networkTitle} onSubmit={submit} error={create.error}>
      <TextField
        label={ADMIN_TEXT.networkName}
        name="name"
        value={name}
        onChange={setName}
        error={errors.name}
        required
      />
      <TextField
        label={ADMIN_TEXT.slug}
        name="slug"
        value={effectiveSlug}
        onChange={setSlug}
        error={errors.slug}
        hint={ADMIN_TEXT.slugHint}
        required
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          {ADMIN_TEXT.createNetwork}
        </Button>
      </div>
      {created ? (
        <p>
          {ADMIN_TEXT.networkCreated(created.name)} <Link to={`/networks/${created.id}`}>{ADMIN_TEXT.openNetwork}</Link>
        </p>
      ) : null}
    </CompactForm>
  );
}

function Users({ myId }: { myId: string }) {
  const users = useUsers();
  const setActive = useSetUserActive();
  const toast = useToast();
  const [problem, setProblem] = useState<string | null>(null);
  const list = users.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <QueryState query={users}>
      {() => (
        <>
          {problem ? <ErrorBox messages={[problem]} /> : null}
          <DataTable
            label={ADMIN_TEXT.usersTable}
            columns={[ADMIN_TEXT.person, ADMIN_TEXT.status, ADMIN_TEXT.since, { hidden: ADMIN_TEXT.deactivate }]}
          >
            {list.map((u) => {
              const who = u.name || u.email;
              const activate = !u.is_active;
              return (
                <tr key={u.id}>
                  <td>
                    {who}
                    <div className="muted small">{u.email}</div>
                  </td>
                  <td>
                    <span className="badges">
                      <Badge tone={u.is_active ? "good" : "neutral"}>
                        {u.is_active ? ADMIN_TEXT.active : ADMIN_TEXT.inactive}
                      </Badge>
                      {u.is_admin ? <Badge tone="info">{ADMIN_TEXT.admin}</Badge> : null}
                    </span>
                  </td>
                  <td>{formatDate(u.created_at)}</td>
                  <td>
                    {u.id === myId ? null : (
                      <ConfirmButton
                        label={activate ? ADMIN_TEXT.reactivateLabel(who) : ADMIN_TEXT.deactivateLabel(who)}
                        question={activate ? ADMIN_TEXT.reactivateQuestion : ADMIN_TEXT.deactivateQuestion}
                        yes={ADMIN_TEXT.yes}
                        no={ADMIN_TEXT.no}
                        busy={setActive.isPending && setActive.variables.id === u.id}
                        onConfirm={() => {
                          setProblem(null);
                          setActive.mutate(
                            { id: u.id, active: activate },
                            {
                              onSuccess: () =>
                                toast.notify(activate ? ADMIN_TEXT.reactivated(who) : ADMIN_TEXT.deactivated(who)),
                              // A 409 says why (the last active site admin): show it where it stays.
                              onError: (err) =>
                                err instanceof ApiError && err.status === 409
                                  ? setProblem(err.message)
                                  : toast.fail(errorMessage(err)),
                            },
                          );
                        }}
                      >
                        {activate ? ADMIN_TEXT.reactivate : ADMIN_TEXT.deactivate}
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
          {users.hasNextPage ? (
            <Button size="sm" onClick={() => void users.fetchNextPage()} busy={users.isFetchingNextPage}>
              {ADMIN_TEXT.more}
            </Button>
          ) : null}
        </>
      )}
    </QueryState>
  );
}

export default function AdminPage() {
  const session = useSession();
  const user = session.data?.user;
  if (!user?.is_admin) return <Navigate to="/" replace />;
  return (
    <main id="main" tabIndex={-1} className="content">
      <PageHeader title={ADMIN_TEXT.title} subtitle={ADMIN_TEXT.subtitle} />
      <div className="grid grid-journal">
        <div className="stack">
          <Card title={ADMIN_TEXT.networkTitle} id="admin-network">
            <CreateNetwork />
          </Card>
          <Card title={ADMIN_TEXT.createUserTitle} id="admin-create-user">
            <CreateUser />
          </Card>
        </div>
        <Card title={ADMIN_TEXT.usersTitle} id="admin-users">
          <Users myId={user.id} />
        </Card>
      </div>
    </main>
  );
}
