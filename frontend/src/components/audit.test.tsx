import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { components } from "../api/generated/schema";
import { mockApi, page } from "../test/fetchMock";
import { renderWithApp } from "../test/render";
import { AuditTrail } from "./audit";

type AuditEvent = components["schemas"]["AuditEventRead"];

const event = (id: string, via: string): AuditEvent => ({
  id,
  network_id: "n1",
  actor_type: "user",
  actor_id: "u1",
  actor_label: "amina@example.org",
  via,
  action: "update",
  entity: "finding",
  entity_id: "f1",
  changes: { status: { before: "open", after: "acknowledged" } },
  at: "2026-12-03T09:00:00Z",
});

describe("audit trail", () => {
  it("says which changes came from a reminder email", async () => {
    mockApi([
      ["GET", "/api/v1/networks/n1/audit", () => ({ body: page([event("e1", "reminder email"), event("e2", "")]) })],
    ]);
    renderWithApp(<AuditTrail networkId="n1" filters={{}} />);
    const items = await screen.findAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("from a reminder email");
    expect(items[1]).not.toHaveTextContent("from a reminder email");
  });
});
