import type { EventName, EventPayload } from '../../shared/contract';

type AnyListener = (name: EventName, payload: unknown) => void;

/** Fans host events out to every connected client, whatever its transport. */
export class EventBus {
  private readonly listeners = new Set<AnyListener>();

  subscribe(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch (e) {
        // One broken client must not stop the others from hearing about a commit.
        console.error(`event ${name}: listener failed: ${(e as Error).message}`);
      }
    }
  }
}
