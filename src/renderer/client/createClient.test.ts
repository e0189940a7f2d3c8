import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { provideBrowserWebSocket, startWsTestHost, type WsTestHost } from '../../main/testing/wsTestHost';
import { clientOver } from './createClient';
import { createWsBridge } from './wsClient';

// The client over the real WebSocket bridge, against a real WebSocket server on 127.0.0.1.
beforeAll(provideBrowserWebSocket);

let host: WsTestHost | null = null;
afterEach(async () => {
  await host?.stop();
  host = null;
  vi.restoreAllMocks();
});

/** A host that sends `events` (in order) before it answers the first call. */
async function hostSending(events: Array<{ event: string; payload: unknown }>): Promise<string> {
  host = await startWsTestHost((socket, id) => {
    for (const e of events) socket.send(JSON.stringify(e));
    socket.send(JSON.stringify({ id, ok: true, result: null }));
  });
  return host.origin;
}

describe("the client's events", () => {
  it('checks each payload, and drops the ones `ignore` picks before checking them', async () => {
    const origin = await hostSending([
      { event: 'annotations.applied', payload: { clientId: 'me', seq: 1, op: { not: 'an operation' } } },
      { event: 'annotations.applied', payload: { clientId: 'someone else', seq: 2, op: { not: 'an operation' } } },
      { event: 'ontology.published', payload: { ontologyId: 'driving', version: 3 } },
    ]);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const bridge = createWsBridge(origin);
    const client = clientOver(bridge);
    const applied: unknown[] = [];
    const published: unknown[] = [];
    client.on('annotations.applied', (p) => applied.push(p), { ignore: (raw) => (raw as { clientId?: unknown }).clientId === 'me' });
    client.on('ontology.published', (p) => published.push(p));
    // Events and the answer travel on one socket, in order: once the call is answered, all three have arrived.
    await bridge.call('workspace.info', {});
    expect(published).toEqual([{ ontologyId: 'driving', version: 3 }]);
    expect(applied).toEqual([]);
    // Only the other client's malformed operation was checked (and refused); this client's own was never looked at.
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0][0])).toMatch(/^event annotations\.applied: invalid payload/);
  });
});
