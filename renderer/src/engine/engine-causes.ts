/**
 * Engine error codes (src/engine/engine-errors.ts, endpoint.ts) in words: a title for the
 * down panel and a few words for the status bar. Data, so a new code is one new row.
 */
export interface EngineCause {
  title: string;
  short: string;
}

const CAUSES: Record<string, EngineCause> = {
  'engine.socket_missing': { title: 'Docker socket not found', short: 'socket missing' },
  'engine.permission_denied': {
    title: 'Permission denied on the Docker socket',
    short: 'permission denied',
  },
  'engine.refused': { title: 'Connection refused', short: 'connection refused' },
  'engine.timeout': { title: 'The engine did not answer in time', short: 'timed out' },
  'engine.bad_host': { title: 'The engine address is not valid', short: 'bad address' },
  'engine.bad_context': { title: 'The docker context has no engine', short: 'bad docker context' },
  'engine.unreachable': { title: 'Cannot reach the engine host', short: 'host unreachable' },
};

const UNKNOWN: EngineCause = { title: 'The engine is not reachable', short: 'not reachable' };

export function causeOf(code: string): EngineCause {
  return CAUSES[code] ?? UNKNOWN;
}
