/**
 * Turns what dockerode throws (socket errors, HTTP errors from the engine API) into
 * BerthErrors that say what happened and what to do.
 */
import { BerthError } from '../shared/errors';
import type { EngineEndpoint } from '../shared/contract';

interface DockerodeError {
  name?: string;
  code?: string;
  statusCode?: number;
  reason?: string;
  json?: unknown;
  message?: string;
}

function apiMessage(error: DockerodeError): string {
  const json = error.json;
  if (json && typeof json === 'object' && 'message' in json && typeof json.message === 'string') {
    return json.message;
  }
  if (typeof json === 'string' && json.trim()) return json.trim();
  return error.reason || error.message || 'unknown error';
}

const START_ENGINE =
  'Start Docker (Docker Desktop, `sudo systemctl start docker`, `colima start` or `podman machine start`), then try again.';

/** The engine could not be reached at all: no socket, no permission, nothing listening. */
export function connectionError(error: unknown, endpoint: EngineEndpoint): BerthError | undefined {
  const e = (error ?? {}) as DockerodeError;
  const where = endpoint.address;
  const details = { endpoint: where, cause: e.code ?? e.message ?? String(error) };
  switch (e.code) {
    case 'ENOENT':
      return new BerthError(
        'engine.socket_missing',
        `No Docker engine socket at ${where}.`,
        endpoint.source === 'default'
          ? `${START_ENGINE} If your engine uses another socket, set DOCKER_HOST or pick a docker context.`
          : `${START_ENGINE} Or check ${endpoint.source === 'context' ? `the docker context "${endpoint.context ?? ''}"` : 'DOCKER_HOST'}: it points at a socket that does not exist.`,
        details,
      );
    case 'EACCES':
    case 'EPERM':
      return new BerthError(
        'engine.permission_denied',
        `Permission denied on ${where}: your user may not use this Docker socket.`,
        'Add your user to the docker group (`sudo usermod -aG docker $USER`, then log out and back in), or use rootless Docker or Podman.',
        details,
      );
    case 'ECONNREFUSED':
      return new BerthError(
        'engine.refused',
        `Connection refused at ${where}: nothing is listening there.`,
        `The engine is stopped or restarting. ${START_ENGINE}`,
        details,
      );
    case 'ECONNRESET':
    case 'EPIPE':
      return new BerthError(
        'engine.refused',
        `The engine at ${where} closed the connection.`,
        `The engine may be shutting down or restarting. ${START_ENGINE}`,
        details,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new BerthError(
        'engine.unreachable',
        `Cannot reach the engine host in ${where} (${e.code}).`,
        'Check the host name and your network or VPN, or switch to a local engine.',
        details,
      );
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return new BerthError(
        'engine.timeout',
        `The engine at ${where} did not answer in time.`,
        'The engine may be overloaded or hung. Restart it, then Retry.',
        details,
      );
    default:
      // dockerode surfaces our AbortSignal.timeout as an AbortError or TimeoutError.
      if (
        e.name === 'AbortError' ||
        e.name === 'TimeoutError' ||
        /timeout|aborted/i.test(e.message ?? '')
      ) {
        return new BerthError(
          'engine.timeout',
          `The engine at ${where} did not answer in time.`,
          'The engine may be overloaded or hung. Restart it, then Retry.',
          details,
        );
      }
      return undefined;
  }
}

/** Any engine failure as a BerthError: connection problems first, then API statuses. */
export function engineError(
  error: unknown,
  endpoint: EngineEndpoint,
  subject?: string,
): BerthError {
  if (error instanceof BerthError) return error;
  const connection = connectionError(error, endpoint);
  if (connection) return connection;
  const e = (error ?? {}) as DockerodeError;
  const message = apiMessage(e);
  const details = { status: e.statusCode, engineMessage: message };
  switch (e.statusCode) {
    case 404:
      return new BerthError(
        'engine.not_found',
        subject ? `No such image on this engine: ${subject}.` : `Not found: ${message}`,
        'Refresh the list: it may have been removed already.',
        details,
      );
    case 409: {
      const container = /container ([0-9a-f]{12,64})/i.exec(message)?.[1];
      if (/being used|is using|must force/i.test(message)) {
        return new BerthError(
          'engine.image_in_use',
          container
            ? `The image is used by container ${container.slice(0, 12)}, so the engine refused to remove it.`
            : `The engine refused to remove the image: ${message}`,
          container
            ? `Remove the container first (\`docker rm ${container.slice(0, 12)}\`), then remove the image.`
            : 'Remove the containers that use it first, then remove the image.',
          { ...details, ...(container ? { container } : {}) },
        );
      }
      if (/referenced in multiple repositories/i.test(message)) {
        return new BerthError(
          'engine.conflict',
          'The image has several tags, so the engine will not delete it by ID.',
          'Remove it by tag (one tag at a time), or remove every tag to delete the image.',
          details,
        );
      }
      return new BerthError(
        'engine.conflict',
        `The engine refused: ${message}`,
        undefined,
        details,
      );
    }
    default:
      return new BerthError(
        'engine.api',
        `The engine answered ${e.statusCode ?? 'with an error'}: ${message}`,
        undefined,
        details,
      );
  }
}

/** The engine refused or failed the pull: its own words are kept exactly, for the diagnosis. */
export function pullFailed(reference: string, engineMessage: string, status?: number): BerthError {
  return new BerthError(
    'pull.failed',
    `The engine could not pull ${reference}: ${engineMessage}`,
    `Run \`berth doctor ${reference}\` to find out why.`,
    { reference, engineMessage, ...(status !== undefined ? { status } : {}) },
  );
}

/** A pull stream line past the bound: not moby's (its messages are a few hundred bytes). */
export function pullStreamTooLong(reference: string, limit: number): BerthError {
  return new BerthError(
    'engine.bad_stream',
    `The pull of ${reference} stopped: the engine sent a message of more than ${Math.round(limit / 1024)} KB without a line break.`,
    undefined,
    { reference },
  );
}

export function pullCancelled(reference: string): BerthError {
  return new BerthError('job.cancelled', `The pull of ${reference} was cancelled.`, undefined, {
    reference,
  });
}

/**
 * A pull that failed before its stream began. The engine answers a refused pull with an HTTP
 * error (404 "pull access denied…", 500 "…unauthorized…"), which dockerode wraps as
 * "(HTTP code 404) unexpected - <message> ": unwrap it, so the engine's exact words remain.
 */
export function pullError(error: unknown, endpoint: EngineEndpoint, reference: string): BerthError {
  if (error instanceof BerthError) return error;
  const e = (error ?? {}) as DockerodeError;
  // With an HTTP status the engine answered: "timeout" in its message is the registry's.
  const connection = e.statusCode === undefined ? connectionError(error, endpoint) : undefined;
  if (connection) return connection;
  // For a streamed call dockerode reads the engine's words into the message, not into json.
  const raw = e.json == null && e.statusCode !== undefined && e.message ? e.message : apiMessage(e);
  const message = raw.replace(/^\(HTTP code \d+\) [^-]*- ([\s\S]*?)\s*$/, '$1');
  return pullFailed(reference, message, e.statusCode);
}
