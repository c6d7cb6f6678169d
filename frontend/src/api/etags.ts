/** The ETag last read for each item, sent back as If-Match so a stale edit gets 412. */
const etags = new Map<string, string>();

export function rememberEtag(id: string, response: Response): void {
  const tag = response.headers.get("ETag");
  if (tag) etags.set(id, tag);
}

export function ifMatch(id: string): { "If-Match"?: string } {
  const tag = etags.get(id);
  return tag ? { "If-Match": tag } : {};
}
