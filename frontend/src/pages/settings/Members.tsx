import { useState, type FormEvent } from "react";
import { errorMessage } from "../../api/client";
import { useInvite, usePendingInvitations, useResendInvitation, useRevokeInvitation } from "../../api/hooks/accounts";
import { useMembers, useRemoveMember, useUpdateMember, type Role } from "../../api/hooks/networks";
import { CompactForm, SelectField, TextField, focusFirstError, mergeErrors } from "../../components/form";
import { useNetworkContext } from "../../components/Layout";
import { useToast } from "../../components/toast";
import { Button, Card, ConfirmButton, QueryState } from "../../components/ui";
import { DataTable } from "../../components/DataTable";
import { formatDate, formatDateTime } from "../../lib/format";
import { msg, t } from "../../i18n";
import { ROLES, label, options } from "../../lib/labels";
import { texts } from "../../lib/texts";

/** The members settings' texts, in the active language when read (tests find the page by them). */
export const MEMBERS_TEXT = texts({
  inviteTitle: msg({ id: "settings.members.invite_title", defaultMessage: "Invite someone" }),
  email: msg({ id: "settings.members.email", defaultMessage: "Email" }),
  emailMissing: msg({ id: "settings.members.email_missing", defaultMessage: "Enter the person's email address." }),
  role: msg({ id: "settings.members.role", defaultMessage: "Role" }),
  roleHint: msg({
    id: "settings.members.role_hint",
    defaultMessage: "Coordinators manage the network; members record activities; viewers read.",
  }),
  invite: msg({ id: "settings.members.invite", defaultMessage: "Send invitation" }),
  invited: (email: string) =>
    t({ id: "settings.members.invited", defaultMessage: "Invitation sent to {email}." }, { email }),
  reinvited: (email: string) =>
    t(
      {
        id: "settings.members.reinvited",
        defaultMessage: "{email} already had a pending invitation; it was renewed and sent again.",
      },
      { email },
    ),
  pendingTitle: msg({ id: "settings.members.pending_title", defaultMessage: "Pending invitations" }),
  pendingTable: msg({ id: "settings.members.pending_table", defaultMessage: "Pending invitations table" }),
  nonePending: msg({ id: "settings.members.none_pending", defaultMessage: "No invitation is waiting for an answer." }),
  invitedBy: (name: string) => t({ id: "settings.members.invited_by", defaultMessage: "invited by {name}" }, { name }),
  expires: msg({ id: "settings.members.expires", defaultMessage: "Expires" }),
  lastSent: msg({ id: "settings.members.last_sent", defaultMessage: "Last sent" }),
  resend: msg({ id: "settings.members.resend", defaultMessage: "Resend" }),
  resendLabel: (email: string) =>
    t({ id: "settings.members.resend_label", defaultMessage: "Resend the invitation to {email}" }, { email }),
  resent: (email: string) =>
    t({ id: "settings.members.resent", defaultMessage: "Invitation sent again to {email}." }, { email }),
  revoke: msg({ id: "settings.members.revoke", defaultMessage: "Revoke" }),
  revokeLabel: (email: string) =>
    t({ id: "settings.members.revoke_label", defaultMessage: "Revoke the invitation to {email}" }, { email }),
  revokeQuestion: msg({ id: "settings.members.revoke_question", defaultMessage: "Revoke this invitation?" }),
  yes: msg({ id: "settings.members.revoke_yes", defaultMessage: "Yes, revoke" }),
  no: msg({ id: "settings.members.revoke_no", defaultMessage: "No" }),
  revoked: (email: string) =>
    t({ id: "settings.members.revoked", defaultMessage: "The invitation to {email} is revoked." }, { email }),
  more: msg({ id: "settings.members.more", defaultMessage: "Show more" }),
});

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
    <CompactForm label={MEMBERS_TEXT.inviteTitle} onSubmit={submit} error={invite.error}>
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
    </CompactForm>
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
          <DataTable
            label={MEMBERS_TEXT.pendingTable}
            columns={[
              MEMBERS_TEXT.email,
              MEMBERS_TEXT.role,
              MEMBERS_TEXT.lastSent,
              MEMBERS_TEXT.expires,
              { hidden: MEMBERS_TEXT.resend, shrink: true },
            ]}
          >
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
                <td className="cell-actions">
                  <div className="row-actions">
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
                    </Button>
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
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
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
      <Card title={t({ id: "settings.members.title", defaultMessage: "Members" })} id="members">
        <QueryState query={members}>
          {(list) => (
            <DataTable
              label={t({ id: "settings.members.table", defaultMessage: "Members table" })}
              columns={[
                t({ id: "settings.members.person", defaultMessage: "Person" }),
                MEMBERS_TEXT.role,
                t({ id: "settings.members.since", defaultMessage: "Since" }),
                { hidden: t({ id: "settings.members.actions", defaultMessage: "Actions" }) },
              ]}
            >
              {list.map((m) => (
                <tr key={m.id}>
                  <td>
                    {m.name || m.email}
                    <div className="muted small">{m.email}</div>
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`role-${m.id}`}>
                      {t(
                        { id: "settings.members.role_of", defaultMessage: "Role of {name}" },
                        { name: m.name || m.email },
                      )}
                    </label>
                    <select
                      className="role-select"
                      id={`role-${m.id}`}
                      value={m.role}
                      onChange={(e) =>
                        update.mutate(
                          { id: m.id, role: e.target.value as Role },
                          {
                            onSuccess: () =>
                              toast.notify(t({ id: "settings.members.role_changed", defaultMessage: "Role changed." })),
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
                        aria-label={t(
                          { id: "settings.members.remove_label", defaultMessage: "Remove {name}" },
                          { name: m.name || m.email },
                        )}
                        onClick={() =>
                          remove.mutate(m.id, {
                            onSuccess: () =>
                              toast.notify(t({ id: "settings.members.removed", defaultMessage: "Member removed." })),
                            onError: (err) => toast.fail(errorMessage(err)),
                          })
                        }
                      >
                        {t({ id: "settings.members.remove", defaultMessage: "Remove" })}
                      </Button>
                    ) : (
                      <span className="muted small">{t({ id: "settings.members.you", defaultMessage: "you" })}</span>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </QueryState>
      </Card>
      <Card title={MEMBERS_TEXT.pendingTitle} id="pending-invitations" className="span-2">
        <PendingInvitations networkId={network.id} />
      </Card>
    </div>
  );
}
