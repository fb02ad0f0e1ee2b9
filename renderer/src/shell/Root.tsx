import { useEffect, useMemo, useState } from 'react';
import { createClient } from '../../../src/shared/client';
import type { ErrorShape } from '../../../src/shared/errors';
import { BerthProvider } from '../state';
import type { TransportChoice } from '../transport';
import { AccessScreen } from './AccessScreen';
import { App } from './App';

/** Turns the transport picked at startup into a client, or into the "needs the link" screen. */
export function Root({ choice }: { choice: TransportChoice }) {
  const [denied, setDenied] = useState<ErrorShape | undefined>(undefined);
  const client = useMemo(
    () => (choice.kind === 'no-token' ? undefined : createClient(choice.transport)),
    [choice],
  );

  useEffect(() => {
    if (choice.kind === 'no-token') return;
    return choice.signals.onAccessDenied(setDenied);
  }, [choice]);

  if (choice.kind === 'no-token' || !client)
    return <AccessScreen problem={{ kind: 'missing-token' }} />;
  if (denied) return <AccessScreen problem={{ kind: 'denied', error: denied }} />;
  return (
    <BerthProvider client={client} signals={choice.signals} transport={choice.kind}>
      <App />
    </BerthProvider>
  );
}
