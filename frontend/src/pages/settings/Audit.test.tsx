import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { loadMessages } from "../../i18n/catalogs";
import { activate } from "../../i18n/translate";
import { AUDIT_ENTITIES } from "../../lib/labels";
import { mockApi, page } from "../../test/fetchMock";
import { coordinator, renderInNetwork } from "../../test/network";
import { AuditLog } from "./Audit";

// Every entity value the API writes to the audit log: services/core/audit/recorder.py
// (ENTITIES, and record_event's "user" and "session").
const RECORDED = [
  "network",
  "membership",
  "organisation",
  "activity",
  "activity_organisation",
  "series",
  "follow_up",
  "reflection",
  "finding",
  "api_key",
  "webhook",
  "user",
  "invitation",
  "session",
];

afterEach(() => activate("en", {}));

function renderLog() {
  const api = mockApi([["GET", "/api/v1/networks/n1/audit", () => ({ body: page([]) })]]);
  renderInNetwork(<Route path="/" element={<AuditLog />} />, "/", coordinator);
  return api;
}

const optionTexts = () => [...(screen.getByRole("combobox") as HTMLSelectElement).options].map((o) => o.text);

describe("audit log filter", () => {
  it("has words for every entity the API records", () => {
    expect(Object.keys(AUDIT_ENTITIES).sort()).toEqual([...RECORDED].sort());
  });

  it("names each entity a network's log holds in words, not as its API value", async () => {
    const { calls } = renderLog();
    expect(optionTexts()).toEqual([
      "Everything",
      "Network",
      "Membership",
      "Invitation",
      "Organisation",
      "Activity",
      "Organisations of an activity",
      "Recurring meeting",
      "Follow-up",
      "Reflection",
      "Finding",
      "Webhook",
      "API key",
    ]);
    await userEvent.selectOptions(screen.getByLabelText("What changed"), "API key");
    await waitFor(() => expect(calls.some((c) => c.path.includes("entity=api_key"))).toBe(true));
  });

  it("names them in the reader's language", async () => {
    activate("fr", await loadMessages("fr"));
    renderLog();
    expect(optionTexts()).toContain("Clé d'API");
    expect(optionTexts()).toContain("Suivi");
    expect(optionTexts()).toContain("Invitation");
  });
});
