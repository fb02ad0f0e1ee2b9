import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXIT_STATUS,
  describeError,
  errorCatalogue,
  exitStatusFor,
  hintFor,
} from '../../../src/shared/error-catalogue';
import { toErrorShape } from '../../../src/shared/errors';
import { scanSource, scanTree } from './scan-error-codes';

const ROOT = join(__dirname, '..', '..', '..');
const catalogued = new Set(Object.keys(errorCatalogue));

describe('the error catalogue', () => {
  it('has a row for every code thrown, constructed or compared in src/, main/ and renderer/', () => {
    const found = scanTree(['src', 'main', 'renderer/src'].map((dir) => join(ROOT, dir)));
    // The scanner must really find codes, or an empty scan would pass.
    expect(new Set(found.map((f) => f.code)).size).toBeGreaterThan(100);
    const missing = found
      .filter((f) => !catalogued.has(f.code))
      .map((f) => `${f.code} (${f.file.slice(ROOT.length + 1)}:${f.line})`);
    expect(missing).toEqual([]);
  }, 60_000); // parsing every source file takes seconds on a busy machine

  it('the scan catches an uncatalogued code however it is written', () => {
    const found = scanSource(
      'planted.ts',
      [
        "throw new BerthError('planted.thrown', 'm');",
        "throw new BerthError(cond ? 'planted.when_true' : 'planted.when_false', 'm');",
        "const shape = { code: 'planted.property', message: 'm' };",
        "fail(res, 400, 'planted.failed', 'm');",
        "if (error.code === 'planted.compared') {}",
        "const channel = 'pull.start';", // a channel name in no code position is not a code
      ].join('\n'),
    );
    expect(found.map((f) => f.code)).toEqual([
      'planted.thrown',
      'planted.when_true',
      'planted.when_false',
      'planted.property',
      'planted.failed',
      'planted.compared',
    ]);
  });

  it('names every code family.what in snake_case, with a cause and a hint', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      expect(code).toMatch(/^[a-z]+(\.[a-z_]+)?$/);
      expect(entry.cause.length, code).toBeGreaterThan(3);
      expect(entry.hint.length, code).toBeGreaterThan(3);
      expect(Object.values(EXIT_STATUS), code).toContain(entry.exit);
    }
  });

  it('has one cancellation code and one run family', () => {
    const codes = [...catalogued];
    expect(codes.filter((c) => c.endsWith('cancelled'))).toEqual(['job.cancelled']);
    expect(codes.filter((c) => c.startsWith('runs.'))).toEqual([]);
    expect(codes.filter((c) => !c.includes('.') && c !== 'internal')).toEqual([]);
    expect(exitStatusFor('job.cancelled')).toBe(130);
  });

  it('gives input errors exit 2, failures exit 1, and an unknown code the internal row', () => {
    expect(exitStatusFor('reference.invalid_format')).toBe(2);
    expect(exitStatusFor('usage.invalid')).toBe(2);
    expect(exitStatusFor('registry.unauthorized')).toBe(1);
    expect(describeError('from.a_newer_core')).toBe(errorCatalogue.internal);
    expect(hintFor({ code: 'engine.refused' })).toBe(errorCatalogue['engine.refused'].hint);
    expect(hintFor({ code: 'engine.refused', hint: 'own hint' })).toBe('own hint');
  });
});

describe('OS errors get codes and hints', () => {
  it('a full disk (a real ENOSPC from /dev/full) is os.disk_full, not internal', () => {
    let thrown: unknown;
    try {
      writeFileSync('/dev/full', 'x');
    } catch (error) {
      thrown = error;
    }
    expect((thrown as NodeJS.ErrnoException).code).toBe('ENOSPC');
    const shape = toErrorShape(thrown);
    expect(shape.code).toBe('os.disk_full');
    expect(shape.message).toContain('no space left on device');
    expect(shape.hint).toMatch(/free some space/i);
  });

  it('a busy port (a real EADDRINUSE) is serve.port_in_use', async () => {
    const first = createServer();
    await new Promise<void>((resolve) => first.listen(0, '127.0.0.1', resolve));
    const { port } = first.address() as AddressInfo;
    const second = createServer();
    const error = await new Promise<unknown>((resolve) => {
      second.once('error', resolve);
      second.listen(port, '127.0.0.1');
    });
    first.close();
    expect(toErrorShape(error)).toMatchObject({ code: 'serve.port_in_use' });
  });

  it('keeps anything else internal, with its message', () => {
    expect(toErrorShape(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
  });
});
