import type { z } from 'zod';
import type { CallName, Calls, CallOutput, EventName, EventPayload } from './contract';

/** Who is calling: lets the host tell clients apart when it broadcasts events. */
export interface CallContext {
  readonly transport: 'ipc' | 'websocket' | 'test';
}

/** The host's side of the contract. A call without a handler does not compile. */
export type Handlers = {
  [K in CallName]: (input: z.output<Calls[K]['input']>, ctx: CallContext) => Promise<CallOutput<K>>;
};

export type EventSink = <K extends EventName>(name: K, payload: EventPayload<K>) => void;
