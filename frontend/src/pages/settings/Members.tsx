import { useState, type FormEvent } from "react";
import { errorMessage } from "../../api/client";
import { useInvite, usePendingInvitations, useResendInvitation, useRevokeInvitation } from "../../api/hooks/accounts";
import { useMembers, useRemoveMember, useUpdateMember, type Role } from "../../api/hooks/networks";
import { FormErrors, SelectField, TextField, focusFirstError, mergeErrors } from "../../components/form";
import { useNetworkContext } from "../../components/Layout";
import { useToast } from "../../components/toast";
import { Button, Card, ConfirmButton, QueryState } from "../../components/ui";
import { formatDate, formatDateTime } from "../../lib/format";
import { ROLES, label, options } from "../../lib/labels";

export const MEMBERS_TEXT = {
  inviteTitle: "Invite someone",
  email: "Email",
  emailMissing: "Enter the person's email address.",
  role: "Role",
  roleHint: "Coordinators manage the network; members record activities; viewers read.",
  invite: "Send invitation",
  invited: (email: string) => `Invitation sent to ${email}.`,
  reinvited: (email: string) => `${email} already had a pending invitation; it was renewed and sent again.`,
  pendingTitle: "Pending invitations",
  pendingTable: "Pending invitations table",
  nonePending: "No invitation is waiting for an answer.",
  invitedBy: (name: string) => `invited by ${name}`,
  expires: "Expires",
  lastSent: "Last sent",
  resend: "Resend",
  resendLabel: (email: string) => `Resend the invitation to ${email}`,
  resent: (email: string) => `Invitation sent again to ${email}.`,
  revoke: "Revoke",
  revokeLabel: (email: string) => `Revoke the invitation to ${email}`,
  revokeQuestion: "Revoke this invitation?",
  yes: "Yes, revoke",
  no: "No",
  revoked: (email: string) => `The invitation to ${email} is revoked.`,
  more: "Show more",
} as const;

function InviteForm({ networkId }: { networkId: string }) {
  const invite = useInvite(networkId);
  const toast = useToast();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [localError, setLocalError] = useState<string>();
  const errors = mergeErrors({ email: localError }, invite.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setLocalError(MEMBERS_TEXT.emailMissing);
      focusFirstError();
      return;
    }
    setLocalError(undefined);
    const address = email.trim();
    invite.mutate(
      { email: address, role },
      {
        onSuccess: ({ refreshed }) => {
          toast.notify(refreshed ? MEMBERS_TEXT.reinvited(address) : MEMBERS_TEXT.invited(address));
          setEmail("");
        },
        onError: () => focusFirstError(),
      },
    );
  }

  return (
    <form className="form form-compact" onSubmit={submit} noValidate aria-label={MEMBERS_TEXT.inviteTitle}>
      <FormErrors error={invite.error} />
      <TextField
        label={MEMBERS_TEXT.email}
        name="email"
        type="email"
        value={email}
        onChange={setEmail}
        error={errors.email}
        required
      />
      <SelectField
        label={MEMBERS_TEXT.role}
        name="role"
        value={role}
        onChange={(v) => setRole(v as Role)}
        options={options(ROLES)}
        error={errors.role}
        hint={MEMBERS_TEXT.roleHint}
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={invite.isPending}>
          {MEMBERS_TEXT.invite}
        </Button>
      </div>
    </form>
  );
}

export function PendingInvitations({ networkId }: { networkId: string }) {
  const pending = usePendingInvitations(networkId);
  const resend = useResendInvitation(networkId);
  const revoke = useRevokeInvitation(networkId);
  const toast = useToast();
  const list = pending.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <QueryState
      query={pending}
      empty={() => (list.length === 0 ? <p className="muted">{MEMBERS_TEXT.nonePending}</p> : null)}
    >
      {() => (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-label={MEMBERS_TEXT.pendingTable}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{MEMBERS_TEXT.email}</th>
                  <th scope="col">{MEMBERS_TEXT.role}</th>
                  <th scope="col">{MEMBERS_TEXT.lastSent}</th>
                  <th scope="col">{MEMBERS_TEXT.expires}</th>
                  <th scope="col">
                    <span className="visually-hidden">{MEMBERS_TEXT.resend}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((inv) => (
                  <tr key={inv.id}>
                    <td>
                      {inv.email}
                      {inv.invited_by ? (
                        <div className="muted small">{MEMBERS_TEXT.invitedBy(inv.invited_by.name)}</div>
                      ) : null}
                    </td>
                    <td>{label(ROLES, inv.role)}</td>
                    <td>{formatDateTime(inv.last_sent_at)}</td>
                    <td>{formatDateTime(inv.expires_at)}</td>
                    <td>
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={MEMBERS_TEXT.resendLabel(inv.email)}
                        busy={resend.isPending && resend.variables === inv.id}
                        onClick={() =>
                          resend.mutate(inv.id, {
                            onSuccess: () => toast.notify(MEMBERS_TEXT.resent(inv.email)),
                            onError: (err) => toast.fail(errorMessage(err)),
                          })
                        }
                      >
                        {MEMBERS_TEXT.resend}
                      </Button>{" "}
                      <ConfirmButton
                        label={MEMBERS_TEXT.revokeLabel(inv.email)}
                        question={MEMBERS_TEXT.revokeQuestion}
                        yes={MEMBERS_TEXT.yes}
                        no={MEMBERS_TEXT.no}
                        busy={revoke.isPending && revoke.variables === inv.id}
                        onConfirm={() =>
                          revoke.mutate(inv.id, {
                            onSuccess: () => toast.notify(MEMBERS_TEXT.revoked(inv.email)),
                            onError: (err) => toast.fail(errorMessage(err)),
                          })
                        }
                      >
                        {MEMBERS_TEXT.revoke}
                      </ConfirmButton>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pending.hasNextPage ? (
            <Button size="sm" onClick={() => void pending.fetchNextPage()} busy={pending.isFetchingNextPage}>
              {MEMBERS_TEXT.more}
            </Button>
          ) : null}
        </>
      )}
    </QueryState>
  );
}

export function MembersSettings() {
  const { network, userId } = useNetworkContext();
  const members = useMembers(network.id);
  const update = useUpdateMember(network.id);
  const remove = useRemoveMember(network.id);
  const toast = useToast();

  return (
    <div className="grid grid-journal">
      <Card title={MEMBERS_TEXT.inviteTitle} id="invite">
        <InviteForm networkId={network.id} />
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
                          className="role-select"
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
      <Card title={MEMBERS_TEXT.pendingTitle} id="pending-invitations" className="span-2">
        <PendingInvitations networkId={network.id} />
      </Card>
    </div>
  );
}
