import type { ReactNode } from 'react';
import type { PullCause } from '../../../src/shared/pull-causes';
import { CAUSE_WORDS, KIND_LABELS } from './cause-titles';
import type { CauseKind } from './cause-titles';

/** One mark per kind of problem, so the verdict reads before its words do. */
const MARKS: Record<CauseKind | 'clear', ReactNode> = {
  credentials: (
    <>
      <circle cx="8" cy="15" r="4" />
      <path d="m11 12 9-9M16 7l3 3M18 5l2 2" />
    </>
  ),
  'not-found': (
    <>
      <circle cx="11" cy="11" r="6.5" />
      <path d="m20 20-4.2-4.2M9 9l4 4M13 9l-4 4" />
    </>
  ),
  network: (
    <>
      <path d="M5 12.5a10 10 0 0 1 14 0M8.5 16a5 5 0 0 1 7 0" />
      <path d="M12 19.5h.01M3 3l18 18" />
    </>
  ),
  limit: (
    <>
      <circle cx="12" cy="13" r="8" />
      <path d="M12 9v4l2.5 2.5M9 2h6" />
    </>
  ),
  engine: (
    <>
      <rect x="3" y="4" width="18" height="7" rx="1.5" />
      <rect x="3" y="13" width="18" height="7" rx="1.5" />
      <path d="M7 7.5h.01M7 16.5h.01" />
    </>
  ),
  unknown: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6M12 17h.01" />
    </>
  ),
  clear: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="m8 12.5 2.7 2.7L16.5 9" />
    </>
  ),
};

export interface CauseBadgeProps {
  cause: PullCause;
  /** The verdict's own badge, or a small one in "could also be". */
  size?: 'large' | 'small';
  /** A live probe where every step passed: say so instead of "No known cause". */
  allClear?: boolean;
  title?: string;
}

/**
 * The cause as a coloured badge: its kind's mark and the human title; the cause code is in the
 * tooltip (and in the JSON), not in the words (issue 15, "plain words for codes").
 */
export function CauseBadge({ cause, size = 'small', allClear = false, title }: CauseBadgeProps) {
  const words = CAUSE_WORDS[cause];
  const kind = allClear ? 'clear' : words.kind;
  return (
    <span
      className={`cause-badge cause-badge--${size}`}
      data-kind={kind}
      data-cause={cause}
      data-testid={size === 'large' ? 'cause-badge' : 'cause-badge-small'}
      title={allClear ? undefined : `${KIND_LABELS[words.kind]} · code ${cause}`}
    >
      <span className="cause-badge__mark" aria-hidden="true">
        <svg
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.9"
          strokeLinecap="round"
          strokeLinejoin="round"
          focusable="false"
        >
          {MARKS[kind]}
        </svg>
      </span>
      {size === 'large' ? (
        <span className="cause-badge__text">
          <span className="cause-badge__title">{title ?? words.title}</span>
        </span>
      ) : (
        <span className="cause-badge__title">{title ?? words.title}</span>
      )}
    </span>
  );
}
