import { BerthError } from '../../../src/shared/errors';

/** The BerthError code `fn` throws ('no error' when it returns), for tests of refusals. */
export const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return error instanceof BerthError ? error.code : String(error);
  }
  return 'no error';
};
