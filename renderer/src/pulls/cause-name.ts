/**
 * A ledger entry's cause in words (issue 15: "plain words for codes"): a pull cause by its
 * verdict title, anything else as it came. The code itself stays in the tooltip and the JSON.
 */
import { CAUSE_WORDS } from '../doctor/cause-titles';

const isPullCause = (cause: string): cause is keyof typeof CAUSE_WORDS =>
  Object.prototype.hasOwnProperty.call(CAUSE_WORDS, cause);

export function causeName(cause: string): string {
  return isPullCause(cause) ? CAUSE_WORDS[cause].title : cause;
}
