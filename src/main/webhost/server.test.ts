import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAppServices, type AppServices } from '../services/appServices';
import { FIXTURE_FRAME_IDS, FIXTURE_SCENE_ID, fixtureCuboidRecord, makeFixtureResources } from '../testing/fixtureResources';
import { startWebHost, type WebHost } from './server';

let services: AppServices;
let host: WebHost;
let framePoints: Float32Array[];
const dirs: string[] = [];

beforeAll(async () => {
  const fixture = makeFixtureResources();
  framePoints = fixture.framePoints;
  const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-ws-'));
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Cairn</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  dirs.push(fixture.dir, workspaceDir, rendererDir);
  services = createAppServices({ workspaceDir, resourcesDir: fixture.dir, shell: 'web', user: 'tester', version: '0.0.0' });
  host = await startWebHost({ services, rendererDir, port: 0 });
});

afterAll(async () => {
  await host.close();
  services.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const cookie = () => `cairn_token_${host.port}=${host.token}`;
const get = (p: string, headers: Record<string, string> = {}) => fetch(host.origin + p, { headers, redirect: 'manual' });

function connect(withCookie = true, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (withCookie) headers.Cookie = cookie();
    if (origin) headers.Origin = origin;
    const ws = new WebSocket(host.origin.replace('http', 'ws') + '/ws', { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function rpc(ws: WebSocket, message: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const parsed = JSON.parse(data.toString()) as Record<string, unknown>;
      if ('event' in parsed) return;
      ws.off('message', onMessage);
      resolve(parsed);
    };
    ws.on('message', onMessage);
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('web host access', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('refuses requests without the token', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/data/sample/scene.json')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/', { Cookie: `cairn_token_${host.port}=wrong` })).status).toBe(401);
  });

  it('trades the token in the URL for a cookie and serves the app with a CSP', async () => {
    const first = await get(`/?token=${host.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    expect(first.headers.get('set-cookie')).toContain('HttpOnly');
    const page = await get('/', { Cookie: cookie() });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<title>Cairn</title>');
  });

  it('refuses foreign Host headers (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port: host.port, path: '/', headers: { Host: 'evil.example:80', Cookie: cookie() } }, (res) => resolve(res.statusCode ?? 0));
    });
    expect(status).toBe(421);
  });
});

describe('bulk data over HTTP', () => {
  it('serves whole files and byte ranges with the right bytes', async () => {
    const whole = await get('/data/sample/lidar/0.bin', { Cookie: cookie() });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const bytes = new Float32Array(await whole.arrayBuffer());
    expect(bytes).toEqual(framePoints[0]);

    const part = await get('/data/sample/lidar/1.bin', { Cookie: cookie(), Range: 'bytes=16-47' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 16-47/16000');
    expect(new Float32Array(await part.arrayBuffer())).toEqual(framePoints[1].subarray(4, 12));

    const suffix = await get('/data/sample/lidar/1.bin', { Cookie: cookie(), Range: 'bytes=-16' });
    expect(suffix.status).toBe(206);
    expect(new Float32Array(await suffix.arrayBuffer())).toEqual(framePoints[1].subarray(3996, 4000));

    const beyond = await get('/data/sample/lidar/1.bin', { Cookie: cookie(), Range: 'bytes=99999-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */16000');
  });

  it('does not let a path escape the store', async () => {
    for (const p of ['/data/sample/../ontology/default.json', '/data/sample/%2e%2e/ontology/default.json', '/data/nostore/x.bin', '/data/sample/missing.bin']) {
      expect((await get(p, { Cookie: cookie() })).status, p).toBe(404);
    }
  });
});

describe('the contract over WebSocket', () => {
  it('refuses sockets without the token or from another origin', async () => {
    await expect(connect(false)).rejects.toThrow('401');
    await expect(connect(true, 'http://evil.example')).rejects.toThrow('401');
  });

  it('answers calls, reports bad input clearly and survives garbage', async () => {
    const ws = await connect();
    const info = await rpc(ws, { id: 1, call: 'app.info', input: {} });
    expect(info).toMatchObject({ id: 1, ok: true, result: { user: 'tester', shell: 'web', defaultSceneId: FIXTURE_SCENE_ID } });
    expect(await rpc(ws, 'not json')).toMatchObject({ id: null, ok: false, error: { code: 'invalid-input' } });
    expect(await rpc(ws, { id: 2, nope: true })).toMatchObject({ id: 2, ok: false, error: { code: 'invalid-input' } });
    expect(await rpc(ws, { id: 3, call: 'annotations.list', input: { sceneId: 'x' } })).toMatchObject({ id: 3, ok: false, error: { code: 'invalid-input' } });
    expect(await rpc(ws, { id: 4, call: 'scene.open', input: { sceneId: FIXTURE_FRAME_IDS[0] } })).toMatchObject({ id: 4, ok: false, error: { code: 'not-found' } });
    const scene = await rpc(ws, { id: 5, call: 'scene.open', input: { sceneId: FIXTURE_SCENE_ID } });
    expect(scene).toMatchObject({ ok: true, result: { storeId: 'sample', manifest: { frames: [{ index: 0 }, { index: 1 }] } } });
    ws.close();
  });

  it('commits an operation, broadcasts it to other clients, and reports a stale write as a conflict', async () => {
    const a = await connect();
    const b = await connect();
    const heard = new Promise<Record<string, unknown>>((resolve) => {
      b.on('message', (d) => {
        const m = JSON.parse(d.toString()) as Record<string, unknown>;
        if (m.event === 'annotations.applied') resolve(m);
      });
    });
    const objectId = '2d9f3e5a-7b8c-4d1e-9f2a-3b4c5d6e7f80';
    const record = fixtureCuboidRecord(objectId);
    const op = { opId: '3e0a4f6b-8c9d-4e2f-8a3b-4c5d6e7f8091', sceneId: FIXTURE_SCENE_ID, author: 'tester', at: 1, label: 'create cuboid', changes: [{ objectId, before: null, after: record }] };
    const applied = await rpc(a, { id: 1, call: 'annotations.apply', input: { clientId: 'client-a', op } });
    expect(applied).toMatchObject({ ok: true, result: { duplicate: false } });
    expect(await heard).toMatchObject({ payload: { clientId: 'client-a', op: { opId: op.opId } } });

    const listed = await rpc(b, { id: 2, call: 'annotations.list', input: { sceneId: FIXTURE_SCENE_ID } });
    expect(listed).toMatchObject({ ok: true, result: { records: [record], nextCursor: null } });

    const stale = { ...op, opId: '4f1b5a7c-9d0e-4f3a-9b4c-5d6e7f809102', changes: [{ objectId, before: null, after: record }] };
    expect(await rpc(b, { id: 3, call: 'annotations.apply', input: { clientId: 'client-b', op: stale } })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    a.close();
    b.close();
  });
});
