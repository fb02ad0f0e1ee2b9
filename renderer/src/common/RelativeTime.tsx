import { formatExactTime, formatRelativeTime } from '../format';
import { useNow } from '../state/clock';

/** "3 hours ago", with the exact time on hover (design/ui.md, "Writing"). */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  // The shared clock ticks every 30 s, so something made since the last tick is "just now",
  // not "in 20 seconds".
  const reference = new Date(Math.max(now, Date.parse(iso) || 0));
  return (
    <time dateTime={iso} title={formatExactTime(iso)}>
      {formatRelativeTime(iso, reference)}
    </time>
  );
}
