/**
 * The Runs screen's pure parts: log batching for the terminal, the bounded per-run logs, the
 * parameter checks and the request the form sends, and the 256-colour palette.
 */
import { describe, expect, it } from 'vitest';
import { createLogBatcher, skippedNote } from '../../renderer/src/runs/log-batcher';
import { parameterProblem } from '../../renderer/src/state/parameter-input';
import { formProblems, initialForm, runRequest } from '../../renderer/src/state/run-form';
import { failedPullReference } from '../../renderer/src/state/run-outcome';
import { formatDuration } from '../../src/shared/format';
import { RunLogs } from '../../renderer/src/state/run-logs';
import type { LogEvent } from '../../renderer/src/state/run-logs';
import { extendedPalette } from '../../renderer/src/runs/xterm-palette';
import type { FlowDefinition, FlowParameter } from '../../src/shared/flows';

/** A terminal that takes writes and answers when told, and a scheduler run by hand. */
function harness(options: { maxBatchChars?: number; maxPendingChars?: number } = {}) {
  const writes: string[] = [];
  const callbacks: (() => void)[] = [];
  const flushes: (() => void)[] = [];
  const batcher = createLogBatcher({
    write: (text, done) => {
      writes.push(text);
      callbacks.push(done);
    },
    schedule: (flush) => flushes.push(flush),
    ...options,
  });
  const runFlushes = () => flushes.splice(0).forEach((flush) => flush());
  const finishWrites = () => callbacks.splice(0).forEach((done) => done());
  return { batcher, writes, flushes, runFlushes, finishWrites };
}

describe('the log batcher', () => {
  it('joins the chunks that arrive between two flushes into one write', () => {
    const h = harness();
    h.batcher.push('a\n');
    h.batcher.push('b\n');
    h.batcher.push('c\n');
    expect(h.flushes).toHaveLength(1);
    expect(h.writes).toEqual([]);
    h.runFlushes();
    expect(h.writes).toEqual(['a\nb\nc\n']);
  });

  it('waits for the terminal to finish a write before the next one', () => {
    const h = harness();
    h.batcher.push('first\n');
    h.runFlushes();
    h.batcher.push('second\n');
    h.batcher.push('third\n');
    expect(h.flushes).toHaveLength(0);
    h.finishWrites();
    h.runFlushes();
    expect(h.writes).toEqual(['first\n', 'second\nthird\n']);
  });

  it('splits what waits into writes of at most maxBatchChars', () => {
    const h = harness({ maxBatchChars: 4 });
    h.batcher.push('abcdefghij');
    for (let i = 0; i < 3; i++) {
      h.runFlushes();
      h.finishWrites();
    }
    expect(h.writes).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('drops the oldest text when the terminal falls behind, and says how much in the log', () => {
    const h = harness({ maxPendingChars: 10 });
    h.batcher.push('0123456789');
    h.batcher.push('abcdef');
    expect(h.batcher.pendingChars).toBe(10);
    expect(h.batcher.droppedChars).toBe(6);
    h.runFlushes();
    expect(h.writes).toEqual([`${skippedNote(6)}6789abcdef`]);
    expect(skippedNote(6)).toContain('6 characters of output skipped');
  });

  it('forgets what waits on clear, and a write from before the clear cannot start another', () => {
    const h = harness();
    h.batcher.push('old\n');
    h.runFlushes();
    h.batcher.push('also old\n');
    h.batcher.clear();
    h.batcher.push('new\n');
    h.runFlushes();
    h.finishWrites();
    h.runFlushes();
    expect(h.writes).toEqual(['old\n', 'new\n']);
  });

  it('writes nothing after dispose', () => {
    const h = harness();
    h.batcher.push('a');
    h.batcher.dispose();
    h.runFlushes();
    h.batcher.push('b');
    expect(h.writes).toEqual([]);
    expect(h.flushes).toEqual([]);
  });

  it('turns 100,000 log lines into a few hundred writes, keeping every line in order', () => {
    const h = harness();
    for (let i = 1; i <= 100_000; i++) {
      h.batcher.push(`line ${i} of 100000\n`);
      // The terminal keeps up now and then: a flush every 500 lines.
      if (i % 500 === 0) {
        h.runFlushes();
        h.finishWrites();
      }
    }
    while (h.batcher.pendingChars > 0) {
      h.runFlushes();
      h.finishWrites();
    }
    const text = h.writes.join('');
    expect(text.split('\n').length - 1).toBe(100_000);
    expect(h.writes.length).toBeLessThanOrEqual(200);
    expect(text.endsWith('line 100000 of 100000\n')).toBe(true);
    expect(h.batcher.droppedChars).toBe(0);
  });

  it('keeps at most maxPendingChars waiting when the terminal never answers', () => {
    const h = harness({ maxPendingChars: 64 * 1024 });
    for (let i = 1; i <= 100_000; i++) h.batcher.push(`line ${i}\n`);
    expect(h.batcher.pendingChars).toBeLessThanOrEqual(64 * 1024);
    expect(h.batcher.droppedChars).toBeGreaterThan(0);
  });
});

describe('the logs kept per run', () => {
  it('keeps a bounded tail that starts on a line boundary', () => {
    const logs = new RunLogs({ maxCharsPerRun: 100 });
    for (let i = 1; i <= 1000; i++) logs.append('r1', `line ${i}\n`);
    const text = logs.text('r1');
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text.startsWith('line ')).toBe(true);
    expect(text.endsWith('line 1000\n')).toBe(true);
    expect(logs.dropped('r1') + text.length).toBe(
      Array.from({ length: 1000 }, (_, i) => `line ${i + 1}\n`).join('').length,
    );
  });

  it('tells listeners of one run about its chunks and of a replaced log', () => {
    const logs = new RunLogs();
    const seen: LogEvent[] = [];
    const stop = logs.subscribe('r1', (event) => seen.push(event));
    logs.append('r1', 'a');
    logs.append('r2', 'not mine');
    logs.replace('r1', 'from the file');
    stop();
    logs.append('r1', 'after');
    expect(seen).toEqual([
      { kind: 'chunk', text: 'a' },
      { kind: 'reset', text: 'from the file' },
    ]);
    expect(logs.text('r1')).toBe('from the fileafter');
  });

  it('forgets the oldest runs beyond maxRuns, but not one a terminal is showing', () => {
    const logs = new RunLogs({ maxRuns: 2 });
    logs.subscribe('shown', () => undefined);
    logs.append('shown', 'x');
    logs.append('r1', 'x');
    logs.append('r2', 'x');
    logs.append('r3', 'x');
    expect(['shown', 'r1', 'r2', 'r3'].filter((id) => logs.has(id))).toEqual(['shown', 'r3']);
  });
});

const parameter = (overrides: Partial<FlowParameter> & { name: string }): FlowParameter => ({
  default: null,
  type: null,
  required: false,
  ...overrides,
});

describe('parameter checks as the user types', () => {
  it.each<[string, Partial<FlowParameter>, string, string | undefined]>([
    ['an int', { type: 'int' }, '42', undefined],
    ['an int', { type: 'int' }, '4.2', 'n must be an integer (e.g. 3).'],
    ['a float', { type: 'float' }, '-0.5e3', undefined],
    ['a float', { type: 'float' }, 'fast', 'n must be a number (e.g. 0.5).'],
    ['a bool', { type: 'bool' }, 'yes', undefined],
    ['a bool', { type: 'bool' }, 'maybe', 'n must be true or false.'],
    ['a list[str]', { type: 'list[str]' }, '["a", "b"]', undefined],
    ['a list[str]', { type: 'list[str]' }, 'a, b', 'n must be a JSON list (e.g. ["a", "b"]).'],
    ['a dict', { type: 'dict[str, int]' }, '[1]', 'n must be a JSON object (e.g. {"k": 1}).'],
    ['an int | None', { type: 'int | None' }, 'None', undefined],
    ['an Optional[int]', { type: 'Optional[int]' }, 'x', 'n must be an integer (e.g. 3) or None.'],
    ['a model', { type: 'MyModel' }, '{"anything": 1}', undefined],
    ['an untyped int default', { default: 3 }, '3.5', 'n must be an integer (e.g. 3).'],
    ['a required str', { type: 'str', required: true }, '  ', 'n is required.'],
    ['an optional str', { type: 'int' }, '', undefined],
  ])('checks %s given %j', (_what, overrides, text, problem) => {
    expect(parameterProblem(parameter({ name: 'n', ...overrides }), text)).toBe(problem);
  });
});

const flow: FlowDefinition = {
  id: 'berth:berth.yaml:count',
  kind: 'berth',
  name: 'count',
  file: 'berth.yaml',
  line: 3,
  image: 'berth-test/python:3',
  imageFrom: 'image',
  command: ['python3', 'count.py'],
  entrypoint: null,
  parameters: [
    parameter({ name: 'count', default: 5 }),
    parameter({ name: 'labels', default: ['a'], type: 'list[str]' }),
    parameter({ name: 'token', type: 'str', required: true }),
  ],
  env: {},
  volumes: [],
  pullPolicy: 'IF_NOT_PRESENT',
  autoRemove: true,
  networkMode: null,
  workingDir: null,
  unresolved: [],
  warnings: [],
};

describe('the request a run sends', () => {
  it('sends the parameters typed, as text, and leaves untouched defaults to the flow', () => {
    const form = initialForm(flow);
    expect(form.values).toEqual({ count: '5', labels: '["a"]', token: '' });
    expect(formProblems(flow, form).parameters).toEqual({ token: 'token is required.' });
    const typed = { ...form, values: { ...form.values, token: 's3', labels: '["a", "b"]' } };
    expect(runRequest('/p', flow, typed)).toEqual({
      dir: '/p',
      flowId: flow.id,
      parameters: { token: 's3', labels: '["a", "b"]' },
    });
  });

  it('sends the image, pull policy and engine only when they override the flow', () => {
    const form = {
      ...initialForm(flow),
      values: { count: '5', labels: '["a"]', token: 't' },
      imageSource: 'other' as const,
      image: ' ghcr.io/org/flows:2 ',
      pullPolicy: 'ALWAYS' as const,
      engine: 'build-box',
    };
    expect(runRequest('/p', flow, form)).toEqual({
      dir: '/p',
      flowId: flow.id,
      parameters: { token: 't' },
      image: 'ghcr.io/org/flows:2',
      pullPolicy: 'ALWAYS',
      engine: 'build-box',
    });
    expect(formProblems(flow, { ...form, image: 'Not A Reference!' }).image).toBeDefined();
  });
});

describe('how a run reads', () => {
  it('offers a diagnosis only for a pull that failed, naming the image the error names', () => {
    const failed = { code: 'pull.failed', message: 'denied', details: { reference: 'r.io/a:1' } };
    expect(failedPullReference(failed, 'pulling', 'other:1')).toBe('r.io/a:1');
    expect(failedPullReference({ code: 'engine.down', message: 'x' }, 'pulling', 'a:1')).toBe(
      'a:1',
    );
    expect(failedPullReference({ code: 'job.cancelled', message: 'x' }, 'pulling', 'a:1')).toBe(
      undefined,
    );
    expect(failedPullReference({ code: 'run.failed', message: 'x' }, 'running', 'a:1')).toBe(
      undefined,
    );
    expect(failedPullReference(undefined, 'pulling', 'a:1')).toBe(undefined);
  });

  it.each([
    [850, '850 ms'],
    [4200, '4.2 s'],
    [42_000, '42 s'],
    [185_000, '3 min 05 s'],
    [3_720_000, '1 h 02 min'],
  ])('says %d ms as "%s"', (ms, words) => {
    expect(formatDuration(ms)).toBe(words);
  });

  it('has the 240 fixed colours of the 256-colour palette, cube then greys', () => {
    const palette = extendedPalette();
    expect(palette).toHaveLength(240);
    expect(palette[0]).toBe('#000000'); // colour 16
    expect(palette[196 - 16]).toBe('#ff0000'); // colour 196, bright red
    expect(palette[231 - 16]).toBe('#ffffff');
    expect(palette[232 - 16]).toBe('#080808');
    expect(palette[255 - 16]).toBe('#eeeeee');
  });
});
