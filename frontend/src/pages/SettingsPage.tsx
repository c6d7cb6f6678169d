import { NavLink, Navigate, Route, Routes } from "react-router";
import { useNetworkContext } from "../components/Layout";
import { Empty, PageHeader } from "../components/ui";
import { msg, t } from "../i18n";
import { ApiKeysSettings } from "./settings/ApiKeys";
import { AuditLog } from "./settings/Audit";
import { MembersSettings } from "./settings/Members";
import { ReminderSettings } from "./settings/Reminders";
import { WebhookSettings } from "./settings/Webhooks";

const TABS = [
  ["members", msg({ id: "settings.tabs.members", defaultMessage: "Members and roles" })],
  ["reminders", msg({ id: "settings.tabs.reminders", defaultMessage: "Reminder policy" })],
  ["webhooks", msg({ id: "settings.tabs.webhooks", defaultMessage: "Webhooks" })],
  ["api-keys", msg({ id: "settings.tabs.api_keys", defaultMessage: "API keys" })],
  ["audit", msg({ id: "settings.tabs.audit", defaultMessage: "Audit log" })],
] as const;

export default function SettingsPage() {
  const { network, isCoordinator } = useNetworkContext();
  if (!isCoordinator) {
    return (
      <>
        <PageHeader title={t({ id: "settings.page.title", defaultMessage: "Settings" })} />
        <Empty
          title={t({
            id: "settings.page.coordinators_only",
            defaultMessage: "Only coordinators manage the network's settings.",
          })}
        />
      </>
    );
  }
  const base = `/networks/${network.id}/settings`;
  return (
    <>
      <PageHeader
        title={t({ id: "settings.page.title", defaultMessage: "Settings" })}
        subtitle={t({
          id: "settings.page.subtitle",
          defaultMessage: "Members, reminders and partner integrations of the network.",
        })}
      />
      <nav aria-label={t({ id: "settings.page.tabs_label", defaultMessage: "Settings" })} className="tabs">
        {TABS.map(([path, name]) => (
          <NavLink
            key={path}
            to={`${base}/${path}`}
            className={({ isActive }) => `tab ${isActive ? "tab-active" : ""}`}
          >
            {t(name)}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to="members" replace />} />
        <Route path="members" element={<MembersSettings />} />
        <Route path="reminders" element={<ReminderSettings />} />
        <Route path="webhooks" element={<WebhookSettings />} />
        <Route path="api-keys" element={<ApiKeysSettings />} />
        <Route path="audit" element={<AuditLog />} />
      </Routes>
    </>
  );
}
