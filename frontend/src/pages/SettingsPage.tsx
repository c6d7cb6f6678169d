import { NavLink, Navigate, Route, Routes } from "react-router";
import { useNetworkContext } from "../components/Layout";
import { Empty, PageHeader } from "../components/ui";
import { ApiKeysSettings } from "./settings/ApiKeys";
import { AuditLog } from "./settings/Audit";
import { MembersSettings } from "./settings/Members";
import { ReminderSettings } from "./settings/Reminders";
import { WebhookSettings } from "./settings/Webhooks";

const TABS = [
  ["members", "Members and roles"],
  ["reminders", "Reminder policy"],
  ["webhooks", "Webhooks"],
  ["api-keys", "API keys"],
  ["audit", "Audit log"],
] as const;

export default function SettingsPage() {
  const { network, isCoordinator } = useNetworkContext();
  if (!isCoordinator) {
    return (
      <>
        <PageHeader title="Settings" />
        <Empty title="Only coordinators manage the network's settings." />
      </>
    );
  }
  const base = `/networks/${network.id}/settings`;
  return (
    <>
      <PageHeader title="Settings" subtitle="Members, reminders and partner integrations of the network." />
      <nav aria-label="Settings" className="tabs">
        {TABS.map(([path, text]) => (
          <NavLink
            key={path}
            to={`${base}/${path}`}
            className={({ isActive }) => `tab ${isActive ? "tab-active" : ""}`}
          >
            {text}
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
