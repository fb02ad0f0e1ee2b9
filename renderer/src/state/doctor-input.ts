/**
 * The Doctor's inputs, checked as the user types them, before anything is sent: an image
 * reference with the same parser as the core (src/shared/reference), and the pasted error
 * within the contract's limits. The words say what to type, not what the schema wants.
 */
import { toErrorShape } from '../../../src/shared/errors';
import { parseNormalizedNamed } from '../../../src/shared/reference';
import type { FieldProblem } from '../common/FormField';

/** What common/FormField shows under a field, named for the checks here. */
export type InputProblem = FieldProblem;

/** diagnose.run's and diagnose.message's limits (src/shared/contract.ts). */
const MAX_REFERENCE = 512;
const MAX_MESSAGE = 1_000_000;

export function referenceProblem(text: string): InputProblem | undefined {
  const reference = text.trim();
  if (!reference) return { message: 'Type an image reference, e.g. ghcr.io/org/app:1.2 or nginx.' };
  if (reference.length > MAX_REFERENCE)
    return { message: `An image reference is at most ${MAX_REFERENCE} characters.` };
  try {
    parseNormalizedNamed(reference);
    return undefined;
  } catch (error) {
    const shape = toErrorShape(error);
    return shape.hint ? { message: shape.message, hint: shape.hint } : { message: shape.message };
  }
}

export function messageProblem(text: string): InputProblem | undefined {
  if (!text.trim())
    return {
      message:
        'Paste the error: the output of docker pull, podman pull, or the Events of kubectl describe pod.',
    };
  if (text.length > MAX_MESSAGE)
    return { message: 'That is more than a million characters: paste the part with the error.' };
  return undefined;
}

/** The image beside a pasted error is optional; when given it must parse. */
export function imageProblem(text: string): InputProblem | undefined {
  return text.trim() ? referenceProblem(text) : undefined;
}

/** The registry host a live check talks to, for "probing ghcr.io…"; undefined if unparsable. */
export function registryOf(reference: string): string | undefined {
  try {
    return parseNormalizedNamed(reference.trim()).domain;
  } catch {
    return undefined;
  }
}
