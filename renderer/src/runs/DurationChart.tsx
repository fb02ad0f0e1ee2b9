import type { RunEntry } from '../../../src/shared/ledger';
import { formatExactTime } from '../format';
import { formatDuration } from '../format';
import { resultWords } from '../state/run-outcome';

export interface DurationChartProps {
  /** One flow's runs, newest first, as the ledger lists them. */
  entries: readonly RunEntry[];
  /** How many of the newest runs to draw. */
  last?: number;
  width?: number;
  height?: number;
}

const GAP = 2;

/**
 * How long a flow's last runs took: one bar each, oldest on the left, coloured by how the run
 * ended, scaled to the longest. Inline SVG, no chart library.
 */
export function DurationChart({
  entries,
  last = 20,
  width = 160,
  height = 36,
}: DurationChartProps) {
  const shown = entries.slice(0, last).reverse();
  if (shown.length === 0) return null;
  const longest = Math.max(1, ...shown.map((e) => e.durationMs));
  const slot = width / Math.max(shown.length, 8);
  const bar = Math.max(2, slot - GAP);
  const latest = shown[shown.length - 1];
  const summary = `${shown.length} run${shown.length === 1 ? '' : 's'}, longest ${formatDuration(longest)}${latest ? `, last ${formatDuration(latest.durationMs)}` : ''}`;

  return (
    <svg
      className="duration-chart"
      data-testid="duration-chart"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Durations: ${summary}`}
    >
      <line
        className="duration-chart__base"
        x1={0}
        x2={width}
        y1={height - 0.5}
        y2={height - 0.5}
      />
      {shown.map((entry, i) => {
        const h = Math.max(2, Math.round((entry.durationMs / longest) * (height - 2)));
        return (
          <rect
            key={entry.id}
            className={`duration-chart__bar duration-chart__bar--${entry.result}`}
            data-testid="duration-bar"
            data-duration={entry.durationMs}
            x={i * slot}
            y={height - h}
            width={bar}
            height={h}
            rx={1}
          >
            <title>
              {`${formatDuration(entry.durationMs)} — ${resultWords(entry.result, entry.exitCode)} — ${formatExactTime(entry.time)}`}
            </title>
          </rect>
        );
      })}
    </svg>
  );
}
