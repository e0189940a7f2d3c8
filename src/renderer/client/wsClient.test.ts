import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { provideBrowserWebSocket, startWsTestHost, type WsTestHost, type WsTestSocket } from '../../main/testing/wsTestHost';
import { HOST_LOST, createWsBridge, isHostLost } from './wsClient';

// The bridge is browser code, run here against a real WebSocket server on 127.0.0.1.
beforeAll(provideBrowserWebSocket);

let host: WsTestHost | null = null;
async function stopHost(): Promise<void> {
  const stopping = host;
  host = null;
  await stopping?.stop();
}
afterEach(stopHost);

async function startHost(onCall: (socket: WsTestSocket, id: number) => void): Promise<string> {
  host = await startWsTestHost(onCall);
  return host.origin;
}

describe('the WebSocket bridge when the host goes away', () => {
  it('answers a call the host answers', async () => {
    const origin = await startHost((socket, id) => socket.send(JSON.stringify({ id, ok: true, result: { echoed: id } })));
    const bridge = createWsBridge(origin);
    await expect(bridge.call('workspace.info' as never, {} as never)).resolves.toEqual({ echoed: 1 });
  });

  it('fails a call in flight with a host-lost error when the socket closes', async () => {
    const origin = await startHost((socket) => socket.terminate());
    const bridge = createWsBridge(origin);
    const failure = await bridge.call('workspace.info' as never, {} as never).catch((e: unknown) => e);
    expect(isHostLost(failure)).toBe(true);
    expect((failure as Error).message).toBe(HOST_LOST);
  });

  it('fails a call made after the host stopped with a host-lost error naming the address', async () => {
    const origin = await startHost((socket, id) => socket.send(JSON.stringify({ id, ok: true, result: null })));
    const bridge = createWsBridge(origin);
    await bridge.call('workspace.info' as never, {} as never);
    await stopHost();
    // The close reaches the bridge asynchronously; until then a call may still go out on the old socket.
    let failure: unknown = null;
    for (let attempt = 0; attempt < 50 && !failure; attempt++) {
      failure = await bridge.call('workspace.info' as never, {} as never).then(() => null, (e: unknown) => e);
    }
    expect(isHostLost(failure)).toBe(true);
    expect(String((failure as Error).message)).toMatch(new RegExp(`^(cannot reach the Cairn host at ${origin.replace('http', 'ws')}/ws|${HOST_LOST})$`));
  });

  it('does not call an error the host reports a lost host', async () => {
    const origin = await startHost((socket, id) => socket.send(JSON.stringify({ id, ok: false, error: { code: 'bad-input', message: 'no such scene' } })));
    const failure = await createWsBridge(origin).call('workspace.info' as never, {} as never).catch((e: unknown) => e);
    expect(isHostLost(failure)).toBe(false);
    expect((failure as Error).message).toBe('no such scene');
  });
});
