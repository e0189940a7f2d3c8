import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { WireResponse } from '../../shared/client';
import type { Handlers } from '../../shared/handlers';
import { createDispatcher, type Dispatch } from '../host/dispatcher';
import { createAppServices, type AppServices } from '../services/appServices';
import { FIXTURE_FRAME_IDS, FIXTURE_SCENE_ID, makeFixtureResources } from '../testing/fixtureResources';
import { seedAnnotations } from '../testing/seedAnnotations';
import { startWebHost } from './server';
import { attachWsClient, DEFAULT_WS_LIMITS } from './wsTransport';

let services: AppServices;
const dirs: string[] = [];

beforeAll(() => {
  const fixture = makeFixtureResources();
  const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-wst-'));
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-renderer-'));
  dirs.push(fixture.dir, workspaceDir, rendererDir);
  services = createAppServices({ workspaceDir, resourcesDir: fixture.dir, shell: 'web', user: 'tester', version: '0.0.0' });
  // Enough that one page of annotations.list is a large answer (2,000 records, about 0.8 MiB).
  seedAnnotations(services.workspace, FIXTURE_SCENE_ID, FIXTURE_FRAME_IDS, 4000);
});

afterAll(() => {
  services.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Answers by request id, and a way to wait until some condition on them (or on the host) holds. */
function collector(ws: WebSocket) {
  const answers = new Map<number | null, WireResponse[]>();
  const checks = new Set<() => void>();
  const recheck = () => {
    for (const check of [...checks]) check();
  };
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as WireResponse | { event: string };
    if ('event' in message) return;
    answers.set(message.id, [...(answers.get(message.id) ?? []), message]);
    recheck();
  });
  const until = (condition: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!condition()) return;
        checks.delete(check);
        resolve();
      };
      checks.add(check);
      check();
    });
  const codes = () => [...answers.values()].flat().map((a) => (a.ok ? 'ok' : a.error.code));
  return { answers, until, recheck, codes };
}

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => ws.once('open', () => resolve(ws)).once('error', reject));
}

describe('per-connection bounds', () => {
  it('answers busy at once past the calls in flight, and every request exactly once', async () => {
    // app.info waits for the test to let it go, so calls stay in flight for as long as the test says.
    let entered = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let onEnter: () => void = () => undefined;
    const handlers: Handlers = {
      ...services.handlers,
      'app.info': async (input, ctx) => {
        entered++;
        onEnter();
        await released;
        return services.handlers['app.info'](input, ctx);
      },
    };
    const rendererDir = dirs[2];
    const host = await startWebHost({ services: { ...services, handlers }, rendererDir, port: 0 });
    try {
      const ws = await open(host.origin.replace('http', 'ws') + '/ws', { Cookie: `cairn_token_${host.port}=${host.token}` });
      const { answers, until, recheck, codes } = collector(ws);
      onEnter = recheck;
      const limit = DEFAULT_WS_LIMITS.maxInFlight;
      const extra = 8;
      for (let id = 1; id <= limit + extra; id++) ws.send(JSON.stringify({ id, call: 'app.info', input: {} }));

      await until(() => entered === limit && answers.size === extra);
      expect([...answers.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: extra }, (_, i) => limit + 1 + i));
      for (const [, [answer]] of answers) {
        expect(answer).toMatchObject({ ok: false, error: { code: 'busy' } });
        expect(answer.ok ? '' : answer.error.message).toContain(`${limit} calls`);
      }

      release();
      await until(() => answers.size === limit + extra);
      expect(entered).toBe(limit);
      // Once the calls have answered, the connection takes calls again.
      ws.send(JSON.stringify({ id: 100, call: 'app.info', input: {} }));
      await until(() => answers.has(100));
      expect(answers.get(100)).toMatchObject([{ ok: true, result: { user: 'tester' } }]);
      expect([...answers.values()].every((list) => list.length === 1)).toBe(true);
      expect(codes().filter((c) => c === 'ok')).toHaveLength(limit + 1);
      expect(codes().filter((c) => c === 'busy')).toHaveLength(extra);
      ws.close();
    } finally {
      await host.close();
    }
  });

  it('answers busy while more than the cap of bytes waits to go to a client that is not reading', async () => {
    const maxQueuedBytes = 1 << 20;
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    let answered = 0;
    let onAnswered: () => void = () => undefined;
    const real = createDispatcher(services.handlers);
    const dispatch: Dispatch = async (name, input, ctx) => {
      try {
        return await real(name, input, ctx);
      } finally {
        answered++;
        onAnswered();
      }
    };
    // The transport sends an answer in the microtasks after dispatch settles; setImmediate runs after them.
    const nextAnswerSent = () => new Promise<void>((resolve) => (onAnswered = () => setImmediate(resolve)));
    const accepted = new Promise<WebSocket>((resolve) =>
      wss.once('connection', (socket) => {
        attachWsClient(socket, dispatch, services.events, { ...DEFAULT_WS_LIMITS, maxQueuedBytes });
        resolve(socket);
      }),
    );
    const ws = await open(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    const hostSide = await accepted;
    try {
      ws.pause();
      // One page at a time, each waited for on the host, until the socket's own buffers are full
      // and the host holds more than the cap: that is a state, not a time, since nothing drains.
      let sent = 0;
      while (hostSide.bufferedAmount <= maxQueuedBytes) {
        if (sent === 200) throw new Error(`200 pages sent and still only ${hostSide.bufferedAmount} bytes queued`);
        const sentOut = nextAnswerSent();
        ws.send(JSON.stringify({ id: ++sent, call: 'annotations.list', input: { sceneId: FIXTURE_SCENE_ID } }));
        await sentOut;
      }
      // The transport's listener was added first, so by this one's turn the request has its answer.
      const handled = new Promise((resolve) => hostSide.once('message', resolve));
      ws.send(JSON.stringify({ id: ++sent, call: 'annotations.list', input: { sceneId: FIXTURE_SCENE_ID } }));
      await handled;

      const { answers, until } = collector(ws);
      ws.resume();
      await until(() => answers.size === sent);
      for (let id = 1; id < sent; id++) expect(answers.get(id)).toMatchObject([{ ok: true }]);
      expect(answers.get(sent)).toMatchObject([{ ok: false, error: { code: 'busy' } }]);
      expect(answered).toBe(sent - 1);
    } finally {
      ws.close();
      await new Promise((resolve) => wss.close(resolve));
    }
  });
});
