/** What browser mode's HTTP answers mean, as the contract's Result. */
import { Result } from '../../../src/shared/contract';

/** The host's answers that say the page's token is not (or no longer) accepted. */
export const ACCESS_STATUSES = new Set([401, 403]);

export function unreachable(baseUrl: string): Result {
  const where = baseUrl || (typeof location === 'undefined' ? 'the host' : location.host);
  return {
    ok: false,
    error: {
      code: 'transport.unreachable',
      message: `Cannot reach Berth at ${where}.`,
      hint: 'Check that `berth serve` is still running (restart it and open the new link), then Retry.',
    },
  };
}

export async function readResult(response: Response): Promise<Result> {
  try {
    const parsed = Result.safeParse(await response.json());
    if (parsed.success) return parsed.data;
  } catch {
    /* not JSON: fall through */
  }
  return {
    ok: false,
    error: {
      code: 'transport.malformed',
      message: `Berth answered HTTP ${response.status} without a result.`,
      hint: 'Restart `berth serve`, then Retry.',
    },
  };
}
