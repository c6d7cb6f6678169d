import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import type { NetworkContext } from "../../components/Layout";
import { loadMessages } from "../../i18n/catalogs";
import { activate } from "../../i18n/translate";
import { mockApi, page } from "../../test/fetchMock";
import { renderInNetwork } from "../../test/network";
import { ApiKeysSettings } from "./ApiKeys";

afterEach(() => activate("en", {}));

const context = { network: { id: "n1", name: "Network" }, isCoordinator: true } as unknown as NetworkContext;

const key = {
  id: "k1",
  network_id: "n1",
  name: "CRM sync",
  prefix: "db_ab12",
  scopes: ["read", "write"],
  created_at: "2026-03-05T10:00:00Z",
  created_by: null,
  last_used_at: null,
  expires_at: "2026-12-31T12:00:00Z",
  revoked_at: null,
};

function renderKeys() {
  const api = mockApi([
    ["GET", "/api/v1/networks/n1/api-keys", () => ({ body: page([key]) })],
    ["POST", "/api/v1/networks/n1/api-keys", () => ({ status: 201, body: { ...key, id: "k2", key: "db_secret" } })],
  ]);
  renderInNetwork(<Route path="/" element={<ApiKeysSettings />} />, "/", context);
  return api;
}

describe("API keys", () => {
  it("tells a key's dates in one sentence, its scopes in words", async () => {
    renderKeys();
    const item = (await screen.findByText("CRM sync")).closest("li") as HTMLElement;
    expect(within(item).getByText("created Mar 5, 2026 · never used · expires Dec 31, 2026")).toBeInTheDocument();
    expect(within(item).getByText("Read")).toBeInTheDocument();
    expect(within(item).getByText("Write")).toBeInTheDocument();
  });

  it("in Spanish, with the API's scope values sent as they are", async () => {
    activate("es", await loadMessages("es"));
    const { calls } = renderKeys();
    const item = (await screen.findByText("CRM sync")).closest("li") as HTMLElement;
    expect(within(item).getByText("creada el 5 mar 2026 · nunca usada · vence el 31 dic 2026")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Nombre/), "Panel");
    await userEvent.click(screen.getByRole("checkbox", { name: "Escritura" }));
    await userEvent.click(screen.getByRole("button", { name: "Crear clave" }));
    expect(await screen.findByText(/Authorization: Bearer <clave>/)).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({ name: "Panel", scopes: ["read", "write"] });
  });
});
