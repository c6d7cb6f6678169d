import { afterEach, describe, expect, it } from "vitest";
import { activate } from "../i18n/translate";
import { loadMessages } from "../i18n/catalogs";
import { errorText, specificErrorText } from "./errorCodes";

describe("field error codes", () => {
  afterEach(() => activate("en", {}));

  it("say the code's words in the app's language, and the API's detail for unknown codes", async () => {
    expect(errorText("ends_before_start", "ends_at must not be before starts_at")).toBe("It ends before it starts.");
    expect(errorText("invalid", "dtstart is a local wall-clock time")).toBe("dtstart is a local wall-clock time");
    expect(errorText("some_future_code", "as the API says")).toBe("as the API says");
    activate("fr", await loadMessages("fr"));
    expect(errorText("ends_before_start", "ends_at must not be before starts_at")).toBe(
      "La fin est antérieure au début.",
    );
    expect(errorText("invalid", "English detail")).toBe("Cette valeur n'est pas valide.");
    activate("ar", await loadMessages("ar"));
    expect(errorText("not_in_network", "English")).toBe("لست عضوًا في هذه الشبكة.");
  });

  it("keep an imported cell's specific English detail for English readers only", async () => {
    const detail = "no organisation named or identified 'Nobody'";
    expect(specificErrorText("unknown_organisation", detail)).toBe(detail);
    activate("es", await loadMessages("es"));
    expect(specificErrorText("unknown_organisation", detail)).toBe(
      "Ninguna organización de esta red tiene este nombre o identificador IATI.",
    );
  });
});
