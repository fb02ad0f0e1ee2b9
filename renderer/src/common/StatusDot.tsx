export type Health = 'up' | 'down' | 'warn' | 'unknown';

const WORDS: Record<Health, string> = {
  up: 'up',
  down: 'down',
  warn: 'warning',
  unknown: 'checking',
};

/** The coloured dot for up / down / warning; the words sit beside it for people who cannot see colour. */
export function StatusDot({ health }: { health: Health }) {
  return (
    <span className={`status-dot status-dot--${health}`} role="img" aria-label={WORDS[health]} />
  );
}
