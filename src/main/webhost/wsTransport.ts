import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { WireEvent, WireResponse } from '../../shared/client';
import type { EventBus } from '../services/eventBus';
import { serializeError, type Dispatch } from '../host/dispatcher';

const wireRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  call: z.string().max(128),
  input: z.unknown(),
});

/**
 * The largest message a client may send (ws closes the connection, code 1009, past it). An edit
 * of 10,000 boxes (the most one operation holds), before and after, is about 10 MiB.
 */
export const MAX_INCOMING_MESSAGE_BYTES = 32 << 20;

export interface WsClientLimits {
  /** Calls of one connection being worked on at once; one more is answered `busy` at once. */
  readonly maxInFlight: number;
  /** Bytes waiting to go out on the socket above which a new call is answered `busy`. */
  readonly maxQueuedBytes: number;
  /**
   * Above this the client is not reading at all (events pile up even without calls): the socket
   * is closed rather than let the host's memory grow with it.
   */
  readonly maxQueuedBytesBeforeClose: number;
}

/**
 * A page of annotations is at most 4 MiB, so 16 calls in flight and 32 MiB queued bound what one
 * connection can make the host hold to about 100 MiB, whatever the data.
 */
export const DEFAULT_WS_LIMITS: WsClientLimits = {
  maxInFlight: 16,
  maxQueuedBytes: 32 << 20,
  maxQueuedBytesBeforeClose: 128 << 20,
};

/** Serves the contract over one WebSocket: requests in, responses and events out. */
export function attachWsClient(socket: WebSocket, dispatch: Dispatch, events: EventBus, limits: WsClientLimits = DEFAULT_WS_LIMITS): void {
  let inFlight = 0;
  const send = (msg: WireResponse | WireEvent) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > limits.maxQueuedBytesBeforeClose) {
      socket.close(1013, 'the client does not read what the host sends');
      return;
    }
    let text: string;
    try {
      text = JSON.stringify(msg);
    } catch (e) {
      console.error(`web host: cannot encode a message: ${(e as Error).stack ?? e}`);
      if ('event' in msg) return;
      text = JSON.stringify({ id: msg.id, ok: false, error: { code: 'internal', message: 'the answer could not be encoded' } });
    }
    socket.send(text);
  };
  const unsubscribe = events.subscribe((event, payload) => send({ event, payload }));
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      send({ id: null, ok: false, error: { code: 'invalid-input', message: 'binary messages are not part of the contract' } });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      send({ id: null, ok: false, error: { code: 'invalid-input', message: 'message is not valid JSON' } });
      return;
    }
    const request = wireRequestSchema.safeParse(parsed);
    if (!request.success) {
      const id = typeof (parsed as { id?: unknown })?.id === 'number' ? (parsed as { id: number }).id : null;
      send({ id, ok: false, error: { code: 'invalid-input', message: 'message must be {id, call, input}' } });
      return;
    }
    const { id, call, input } = request.data;
    if (inFlight >= limits.maxInFlight) {
      send({ id, ok: false, error: { code: 'busy', message: `${limits.maxInFlight} calls of this connection are still running; call again once one has answered` } });
      return;
    }
    if (socket.bufferedAmount > limits.maxQueuedBytes) {
      send({ id, ok: false, error: { code: 'busy', message: 'the host is still sending earlier answers on this connection; call again once they have arrived' } });
      return;
    }
    inFlight++;
    dispatch(call, input, { transport: 'websocket' })
      .then(
        (result): WireResponse => ({ id, ok: true, result }),
        (e: unknown): WireResponse => ({ id, ok: false, error: serializeError(e) }),
      )
      .then((answer) => {
        inFlight--;
        send(answer);
      });
  });
}
