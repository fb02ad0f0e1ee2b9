/**
 * Reference errors, one per Go sentinel in distribution/reference and go-digest, each with a
 * stable code and a message that says how to write the reference instead.
 */
import { BerthError } from '../errors';

export const referenceErrors = {
  ErrReferenceInvalidFormat: {
    code: 'reference.invalid_format',
    message: 'invalid reference format',
    hint: 'Write it as [registry[:port]/]repository[:tag][@sha256:digest], e.g. nginx:1.27 or ghcr.io/org/app:v2.',
  },
  ErrTagInvalidFormat: {
    code: 'reference.tag_invalid',
    message: 'invalid tag format',
    hint: 'A tag is up to 128 letters, digits, "_", "." or "-", and cannot start with "." or "-".',
  },
  ErrDigestInvalidFormat: {
    code: 'reference.digest_invalid',
    message: 'invalid digest format',
    hint: 'A digest looks like sha256: followed by 64 lowercase hex digits.',
  },
  ErrNameContainsUppercase: {
    code: 'reference.uppercase',
    message: 'repository name must be lowercase',
    hint: 'Repository names are lowercase: write myorg/app, not MyOrg/App (tags may use uppercase).',
  },
  ErrNameEmpty: {
    code: 'reference.empty',
    message: 'repository name must have at least one component',
    hint: 'Give a repository, e.g. nginx or 127.0.0.1:5000/team/flows.',
  },
  ErrNameTooLong: {
    code: 'reference.name_too_long',
    message: 'repository name must not be more than 255 characters',
    hint: 'Shorten the repository path to 255 characters or fewer.',
  },
  ErrNameNotCanonical: {
    code: 'reference.not_canonical',
    message: 'repository name must be canonical',
    hint: 'Write the full form, with the registry: docker.io/library/nginx rather than nginx.',
  },
  /** go-digest's ErrDigestInvalidFormat, distinct from the reference package's own. */
  ErrChecksumInvalidFormat: {
    code: 'reference.digest_invalid',
    message: 'invalid checksum digest format',
    hint: 'A digest looks like sha256: followed by 64 lowercase hex digits.',
  },
  ErrDigestInvalidLength: {
    code: 'reference.digest_invalid',
    message: 'invalid checksum digest length',
    hint: 'A sha256 digest has exactly 64 hex digits.',
  },
  ErrDigestUnsupported: {
    code: 'reference.digest_unsupported',
    message: 'unsupported digest algorithm',
    hint: 'Use a sha256 digest.',
  },
  ErrIdentifier: {
    code: 'reference.identifier',
    message: 'cannot specify 64-byte hexadecimal strings',
    hint: 'That looks like an image ID, not a repository: use it with inspect or remove, or give a repository name.',
  },
  ErrBadPattern: {
    code: 'reference.bad_pattern',
    message: 'syntax error in pattern',
    hint: 'Patterns use *, ? and [a-z] like shell globs; check the brackets.',
  },
} as const;

export type ReferenceErrorName = keyof typeof referenceErrors;

export class ReferenceError extends BerthError {
  readonly sentinel: ReferenceErrorName;

  constructor(sentinel: ReferenceErrorName, input?: string, detail?: string) {
    const { code, message, hint } = referenceErrors[sentinel];
    const shown =
      input === undefined ? '' : ` "${input.length > 80 ? `${input.slice(0, 80)}…` : input}"`;
    super(
      code,
      `${detail ?? message}${shown ? `:${shown}` : ''}`,
      hint,
      input === undefined ? undefined : { input },
    );
    this.sentinel = sentinel;
  }
}
