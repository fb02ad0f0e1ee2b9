/** Transport signals a test drives by hand: the event stream going away and coming back. */
import type { StreamState, TransportSignals } from '../../renderer/src';

export function handDrivenSignals(): {
  signals: TransportSignals;
  setStream: (state: StreamState) => void;
} {
  let listener: (state: StreamState) => void = () => undefined;
  return {
    signals: {
      onStreamState: (next) => {
        listener = next;
        return () => undefined;
      },
      onAccessDenied: () => () => undefined,
    },
    setStream: (state) => listener(state),
  };
}
