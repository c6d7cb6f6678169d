import { afterEach, describe, expect, it } from "vitest";
import { msg, t } from "../i18n";
import { activate } from "../i18n/translate";
import { texts } from "./texts";

afterEach(() => activate("en", {}));

describe("texts", () => {
  const TEXT = texts({
    hello: msg({ id: "test.hello", defaultMessage: "Hello" }),
    greet: (name: string) => t({ id: "test.greet", defaultMessage: "Hello {name}" }, { name }),
    nested: texts({ bye: msg({ id: "test.bye", defaultMessage: "Goodbye" }) }),
  });

  it("reads each message in the language active at the time of reading", () => {
    expect(TEXT.hello).toBe("Hello");
    activate("fr", { "test.hello": "Bonjour", "test.greet": "Bonjour {name}", "test.bye": "Au revoir" });
    expect(TEXT.hello).toBe("Bonjour");
    expect(TEXT.greet("Awa")).toBe("Bonjour Awa");
    expect(TEXT.nested.bye).toBe("Au revoir");
  });

  it("lists its keys like the table it was made from", () => {
    expect(Object.keys(TEXT)).toEqual(["hello", "greet", "nested"]);
  });
});
