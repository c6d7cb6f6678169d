import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route } from "react-router";
import { describe, expect, it } from "vitest";
import type { NetworkContext } from "../../components/Layout";
import { problem } from "../../test/accounts";
import { mockApi } from "../../test/fetchMock";
import { renderInNetwork } from "../../test/network";
import { REMINDER_TEXT, ReminderSettings } from "./Reminders";

const network = {
  id: "n1",
  name: "Network",
  follow_up_grace_days: 14,
  reminder_schedule_days: [0, 7],
  reminders_since: "2026-01-01T00:00:00Z",
  reminder_emails_enabled: true,
};
const context = { network, isCoordinator: true, canEdit: true, role: "coordinator" } as unknown as NetworkContext;

function renderPage() {
  return renderInNetwork(<Route path="/" element={<ReminderSettings />} />, "/", context);
}

describe("reminder emails switch", () => {
  it("turns the network's reminder emails off", async () => {
    const { calls } = mockApi([
      ["PATCH", "/api/v1/networks/n1", (_r, body) => ({ body: { ...network, ...(body as object) } })],
    ]);
    renderPage();
    const box = screen.getByRole("checkbox", { name: REMINDER_TEXT.emails });
    expect(box).toBeChecked();
    await userEvent.click(box);
    expect(await screen.findByText(REMINDER_TEXT.emailsOff)).toBeInTheDocument();
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ reminder_emails_enabled: false });
    expect(box).not.toBeChecked();
  });

  it("puts the switch back when the API refuses", async () => {
    const { calls } = mockApi([
      ["PATCH", "/api/v1/networks/n1", () => problem(412, "Someone else changed the network.")],
    ]);
    renderPage();
    const box = screen.getByRole("checkbox", { name: REMINDER_TEXT.emails });
    await userEvent.click(box);
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    await waitFor(() => expect(box).toBeChecked());
    expect(screen.queryByText(REMINDER_TEXT.emailsOff)).not.toBeInTheDocument();
  });
});
