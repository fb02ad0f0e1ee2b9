/** Pushed events, typed by the contract, fanned out to every connected transport. */
import type { EventName, EventPayload } from '../shared/contract';

export type EventListener = (event: EventName, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // One broken transport (a closed socket, a destroyed window) must not starve the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
