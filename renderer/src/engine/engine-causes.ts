/**
 * Engine error codes in words: the title comes from the error catalogue (src/shared), the
 * few words for the status bar live here. Data, so a new code is one new row.
 */
import { describeError } from '../../../src/shared/error-catalogue';

export interface EngineCause {
  title: string;
  short: string;
}

const SHORT: Record<string, string> = {
  'engine.socket_missing': 'socket missing',
  'engine.permission_denied': 'permission denied',
  'engine.refused': 'connection refused',
  'engine.timeout': 'timed out',
  'engine.bad_host': 'bad address',
  'engine.bad_context': 'bad docker context',
  'engine.unreachable': 'host unreachable',
  'engine.ssh_missing': 'no ssh client',
  'engine.ssh_failed': 'ssh failed',
};

const UNKNOWN: EngineCause = { title: 'The engine is not reachable', short: 'not reachable' };

export function causeOf(code: string): EngineCause {
  const short = SHORT[code];
  return short === undefined ? UNKNOWN : { title: describeError(code).cause, short };
}
