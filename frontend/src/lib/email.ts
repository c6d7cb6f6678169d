/** Whether typed text looks like an email address: the browser-side check; the API has the last word. */
export function looksLikeEmail(text: string): boolean {
  return /^\S+@\S+\.\S+$/.test(text.trim());
}
