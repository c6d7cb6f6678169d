import { useState, type FormEvent } from "react";
import { errorMessage } from "../../api/client";
import { useAddMember, useMembers, useRemoveMember, useUpdateMember, type Role } from "../../api/hooks/networks";
import { FormErrors, SelectField, TextField, mergeErrors } from "../../components/form";
import { useNetworkContext } from "../../components/Layout";
import { useToast } from "../../components/toast";
import { Button, Card, QueryState } from "../../components/ui";
import { formatDate } from "../../lib/format";
import { ROLES, options } from "../../lib/labels";

export function MembersSettings() {
  const { network, userId } = useNetworkContext();
  const members = useMembers(network.id);
  const add = useAddMember(network.id);
  const update = useUpdateMember(network.id);
  const remove = useRemoveMember(network.id);
  const toast = useToast();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [localError, setLocalError] = useState<string>();
  const errors = mergeErrors({ email: localError }, add.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setLocalError("Enter the person's email address; they need a Drumbeat account.");
      return;
    }
    setLocalError(undefined);
    add.mutate(
      { email: email.trim(), role },
      {
        onSuccess: () => {
          // The API gives the same answer whether or not the address has an account.
          toast.notify(
            `If ${email} has a Drumbeat account, they are now a ${ROLES[role].toLowerCase()}. If not, a site admin needs to create one first.`,
          );
          setEmail("");
        },
      },
    );
  }

  return (
    <div className="grid grid-journal">
      <Card title="Add a member" id="add-member">
        <form className="form form-compact" onSubmit={submit} noValidate aria-label="Add a member">
          <FormErrors error={add.error} />
          <TextField
            label="Email"
            name="email"
            type="email"
            value={email}
            onChange={setEmail}
            error={errors.email ?? errors.user_id}
            required
          />
          <SelectField
            label="Role"
            name="role"
            value={role}
            onChange={(v) => setRole(v as Role)}
            options={options(ROLES)}
            error={errors.role}
            hint="Coordinators manage the network; members record activities; viewers read."
          />
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={add.isPending}>
              Add member
            </Button>
          </div>
        </form>
      </Card>
      <Card title="Members" id="members">
        <QueryState query={members}>
          {(list) => (
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Members table">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">Role</th>
                    <th scope="col">Since</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((m) => (
                    <tr key={m.id}>
                      <td>
                        {m.name || m.email}
                        <div className="muted small">{m.email}</div>
                      </td>
                      <td>
                        <label className="visually-hidden" htmlFor={`role-${m.id}`}>
                          Role of {m.name || m.email}
                        </label>
                        <select
                          id={`role-${m.id}`}
                          value={m.role}
                          onChange={(e) =>
                            update.mutate(
                              { id: m.id, role: e.target.value as Role },
                              {
                                onSuccess: () => toast.notify("Role changed."),
                                onError: (err) => toast.fail(errorMessage(err)),
                              },
                            )
                          }
                        >
                          {options(ROLES).map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>{formatDate(m.created_at)}</td>
                      <td>
                        {m.user_id !== userId ? (
                          <Button
                            size="sm"
                            variant="ghost"
                            aria-label={`Remove ${m.name || m.email}`}
                            onClick={() =>
                              remove.mutate(m.id, {
                                onSuccess: () => toast.notify("Member removed."),
                                onError: (err) => toast.fail(errorMessage(err)),
                              })
                            }
                          >
                            Remove
                          </Button>
                        ) : (
                          <span className="muted small">you</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </Card>
    </div>
  );
}
