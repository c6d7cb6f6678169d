// @vitest-environment node
import { TYPE } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { precompiledMessages } from "./precompiledMessages";

type Transform = (code: string, id: string) => { code: string } | null;
const transform = precompiledMessages().transform as unknown as Transform;

describe("precompiledMessages", () => {
  it("turns each defaultMessage of the app's code into its syntax tree", () => {
    const source = `t({ id: "a.b", defaultMessage: "{count, plural, one {# day} other {# days}}" });
const label = msg({
  id: "a.c",
  defaultMessage:
    "Held \\u201c{title}\\u201d",
});`;
    const out = transform(source, "/app/frontend/src/pages/Page.tsx");
    const trees = [...(out?.code ?? "").matchAll(/defaultMessage:\s*(\[.*\])/g)].map((m) => JSON.parse(m[1] ?? ""));
    expect(trees).toHaveLength(2);
    expect(trees[0][0].type).toBe(TYPE.plural);
    expect(trees[1]).toEqual([
      { type: TYPE.literal, value: "Held \u201c" },
      { type: TYPE.argument, value: "title" },
      { type: TYPE.literal, value: "\u201d" },
    ]);
  });

  it("compiles a catalog, and leaves tests and other files alone", () => {
    const catalog = transform('{"a.b": "{n} jours"}', "/app/frontend/src/i18n/messages/fr/a.json");
    expect(JSON.parse(catalog?.code ?? "")).toEqual({
      "a.b": [
        { type: TYPE.argument, value: "n" },
        { type: TYPE.literal, value: " jours" },
      ],
    });
    expect(transform('x({ defaultMessage: "x" })', "/app/frontend/src/pages/Page.test.tsx")).toBeNull();
    expect(transform('{"a": "b"}', "/app/frontend/package.json")).toBeNull();
  });

  it("fails the build on a message that is not valid ICU text, naming it", () => {
    expect(() =>
      transform('t({ id: "a.b", defaultMessage: "{count, plural, one {x}" })', "/app/frontend/src/x.ts"),
    ).toThrow(/src\/x\.ts: the message "\{count, plural, one \{x\}" is not valid ICU text/);
  });
});
