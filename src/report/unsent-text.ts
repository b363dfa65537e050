/** Unsent results that could not be saved to a file: printed whole (stderr), so they are not lost. */
import type { UnsentResults } from '../verify/publish-step.js';

export function unsavedText(unsent: UnsentResults): string | undefined {
  const u = unsent.unsaved;
  if (!u) return undefined;
  return `could not save ${unsent.count} unsent verification result(s) to ${u.destination}: ${u.reason}. Here they are, as that file:\n${u.document.trimEnd()}`;
}
