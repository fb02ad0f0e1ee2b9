/**
 * A ledger entry's cause in words (issue 15: "plain words for codes"): a pull cause by its
 * verdict title, an error code by its catalogued cause, anything else as it came. The code
 * itself stays in the tooltip and the JSON.
 */
import { errorCatalogue, isErrorCode } from '../../../src/shared/error-catalogue';
import { CAUSE_WORDS } from '../doctor/cause-titles';

const isPullCause = (cause: string): cause is keyof typeof CAUSE_WORDS =>
  Object.prototype.hasOwnProperty.call(CAUSE_WORDS, cause);

export function causeName(cause: string): string {
  if (isPullCause(cause)) return CAUSE_WORDS[cause].title;
  if (isErrorCode(cause)) return errorCatalogue[cause].cause;
  return cause;
}
