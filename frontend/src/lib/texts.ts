/** A page's words as a table that reads in the active language. */
import { t, type Message } from "../i18n";

/** `texts(table)`'s result: each message reads as its text; anything else stays as it is. */
export type Texts<T> = { readonly [K in keyof T]: T[K] extends Message ? string : T[K] };

/** A `msg(...)` descriptor, by its keys (a build may compile its defaultMessage to a syntax tree). */
function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && "id" in value && "defaultMessage" in value;
}

/**
 * The table with each message (a `msg(...)` descriptor) read through `t` whenever it is read,
 * so it follows a change of language; functions (messages with values) and getters are kept.
 */
export function texts<T extends object>(table: T): Texts<T> {
  const out = {};
  for (const [key, property] of Object.entries(Object.getOwnPropertyDescriptors(table))) {
    const value: unknown = property.value;
    Object.defineProperty(out, key, isMessage(value) ? { get: () => t(value), enumerable: true } : property);
  }
  return out as Texts<T>;
}
