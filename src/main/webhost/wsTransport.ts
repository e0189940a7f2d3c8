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

/** Serves the contract over one WebSocket: requests in, responses and events out. */
export function attachWsClient(socket: WebSocket, dispatch: Dispatch, events: EventBus): void {
  const send = (msg: WireResponse | WireEvent) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(msg));
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
    dispatch(call, input, { transport: 'websocket' }).then(
      (result) => send({ id, ok: true, result }),
      (e: unknown) => send({ id, ok: false, error: serializeError(e) }),
    );
  });
}
