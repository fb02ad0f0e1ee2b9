/**
 * Why a build failed, from the classic builder's own stream: it announces each instruction as
 * `Step N/M : INSTRUCTION args`, prints ` ---> <id>` for each layer it finishes, and ends a
 * failure with an error message (moby/moby builder/dockerfile, classic builder: "The command
 * '/bin/sh -c …' returned a non-zero code: N", "COPY failed: …", "dockerfile parse error …",
 * or the pull error of a FROM image it could not get). The failing instruction is found in the
 * Dockerfile, so the error can name its line.
 */
import { BerthError } from '../shared/errors';
import type { Diagnosis } from '../shared/diagnosis';

/** How many lines of a failing step's output an error keeps. */
const OUTPUT_TAIL = 30;

export interface DockerfileInstruction {
  /** 1-based line where it starts. */
  line: number;
  keyword: string;
  text: string;
}

/** The Dockerfile's instructions: comments and blank lines dropped, `\` continuations joined. */
export function dockerfileInstructions(text: string): DockerfileInstruction[] {
  const instructions: DockerfileInstruction[] = [];
  let current: { line: number; parts: string[] } | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (current === null && (line === '' || line.startsWith('#'))) return;
    if (current !== null && line.startsWith('#')) return;
    const continued = line.endsWith('\\');
    const part = continued ? line.slice(0, -1).trim() : line;
    if (current === null) current = { line: index + 1, parts: [] };
    if (part) current.parts.push(part);
    if (!continued) {
      const joined = current.parts.join(' ');
      const keyword = (joined.split(/\s+/)[0] ?? '').toUpperCase();
      instructions.push({ line: current.line, keyword, text: joined });
      current = null;
    }
  });
  return instructions;
}

/** Follows the build's output: the step it is on, that step's output, the last layer made. */
export class BuildTranscript {
  step: { index: number; total: number; text: string } | null = null;
  lastLayer: string | null = null;
  private output: string[] = [];
  private partial = '';

  /** A `stream` message's text (it may hold several lines, or part of one). */
  add(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line.replace(/\r$/, ''));
  }

  private line(line: string): void {
    const step = /^Step (\d+)\/(\d+) : (.*)$/.exec(line);
    if (step) {
      this.step = { index: Number(step[1]), total: Number(step[2]), text: step[3] ?? '' };
      this.output = [];
      return;
    }
    const layer = /^ ---> ([0-9a-f]{12,64})$/.exec(line);
    if (layer) {
      this.lastLayer = layer[1] ?? null;
      return;
    }
    if (/^ ---> /.test(line) || /^Removing intermediate container/.test(line)) return;
    this.output.push(line);
    if (this.output.length > OUTPUT_TAIL) this.output.shift();
  }

  /** The last lines the failing step printed. */
  tail(): string[] {
    return this.partial ? [...this.output, this.partial] : [...this.output];
  }
}

/** The failing instruction in the Dockerfile: by its text, else by its step number. */
function locate(
  instructions: DockerfileInstruction[],
  step: BuildTranscript['step'],
): DockerfileInstruction | null {
  if (!step) return null;
  const wanted = step.text.replace(/\s+/g, ' ').trim().toLowerCase();
  const byText = instructions.find((i) => i.text.replace(/\s+/g, ' ').toLowerCase() === wanted);
  return byText ?? instructions[step.index - 1] ?? null;
}

/** Words of a FROM image the engine could not get (offline, refused, not there). */
const PULL_FAILURE =
  /pull access denied|manifest unknown|manifest for .* not found|not found: manifest|no basic auth credentials|unauthorized|denied|no such host|dial tcp|i\/o timeout|tls handshake|connection refused|server gave http response|error pulling image|repository does not exist|failed to resolve|toomanyrequests|x509/i;

export interface FailureContext {
  dockerfileName: string;
  dockerfileText: string;
  /** Diagnoses a base image pull's failure (the diagnosis service's classifier). */
  diagnose(message: string, image: string): Diagnosis | Promise<Diagnosis>;
}

/** The engine's failure message as a BerthError that names the instruction and offers the fix. */
export async function buildFailure(
  message: string,
  transcript: BuildTranscript,
  context: FailureContext,
): Promise<BerthError> {
  const instructions = dockerfileInstructions(context.dockerfileText);
  const instruction = locate(instructions, transcript.step);
  const where = instruction
    ? `${context.dockerfileName}:${instruction.line}`
    : context.dockerfileName;
  const output = transcript.tail();
  const details = {
    engineMessage: message,
    instruction: instruction?.text ?? transcript.step?.text ?? null,
    line: instruction?.line ?? null,
    step: transcript.step ? `${transcript.step.index}/${transcript.step.total}` : null,
    output,
  };
  const keyword = instruction?.keyword ?? transcript.step?.text.split(/\s+/)[0]?.toUpperCase();

  if (/dockerfile parse error|unknown instruction/i.test(message)) {
    const line = /line (\d+)/.exec(message)?.[1];
    return new BerthError(
      'build.dockerfile_invalid',
      `${context.dockerfileName}${line ? `:${line}` : ''} cannot be read: ${message}`,
      'Fix the Dockerfile there; `docker build` refuses it the same way.',
      details,
    );
  }
  if ((keyword === 'FROM' || keyword === undefined) && PULL_FAILURE.test(message)) {
    const image = (instruction?.text ?? transcript.step?.text ?? '')
      .split(/\s+/)
      .find((word, i) => i > 0 && !word.startsWith('--'));
    const diagnosis = await context.diagnose(message, image ?? '');
    return new BerthError(
      'build.base_image_missing',
      `The base image ${image ?? ''} of ${where} could not be pulled: ${message}`,
      diagnosis.fix[0] ??
        `Pull ${image ?? 'the base image'} first (berth pull shows why it fails), or log in to its registry.`,
      { ...details, image: image ?? null, cause: diagnosis.cause, fix: diagnosis.fix },
    );
  }
  const exit = /returned a non-zero code: (\d+)/.exec(message);
  if (keyword === 'RUN' || exit) {
    const layer = transcript.lastLayer;
    return new BerthError(
      'build.run_failed',
      `${where} ${instruction?.text ?? transcript.step?.text ?? 'RUN'} failed${exit ? ` with exit code ${exit[1]}` : ''}.`,
      layer
        ? `Fix that command (its output is above). To try it by hand in the layer before it: docker run --rm -it ${layer} sh`
        : 'Fix that command (its output is above), then run again.',
      { ...details, exitCode: exit ? Number(exit[1]) : null, layer },
    );
  }
  if (keyword === 'COPY' || keyword === 'ADD' || /COPY failed|ADD failed/i.test(message)) {
    return new BerthError(
      'build.copy_failed',
      `${where} ${instruction?.text ?? ''} failed: ${message}`,
      'The file must be inside the build context and not left out by .dockerignore.',
      details,
    );
  }
  return new BerthError(
    'build.failed',
    `The build failed at ${where}: ${message}`,
    undefined,
    details,
  );
}
