import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callNames, errorCodes } from '../../shared/contract';
import type { HostMode } from '../services/access/locationPolicy';
import { createAppServices, type AppServices } from '../services/appServices';
import { FIXTURE_SCENE_ID, fixtureCuboidRecord, makeFixtureResources } from '../testing/fixtureResources';
import { startWebHost, type WebHost } from './server';
import { seededRandom } from '../../core/random/seededRandom';
import { chance, fuzzPath, fuzzValue, mutate, pick, type Rng } from './testing/fuzzInputs';
import { rawRequest } from './testing/rawHttp';

/**
 * The web host under seeded fuzzing: HTTP routes, cookies and headers as raw bytes, WebSocket
 * frames and contract payloads. Whatever arrives, the host stays up, answers every request exactly
 * once, never with a stack trace, and never returns a byte of a canary file planted outside the
 * roots it may read (reached through `..`, encodings, symbolic links or Open).
 */
const SEED = Number(process.env.CAIRN_FUZZ_SEED ?? 20261206);
const HTTP_CASES = 1500;
const WS_CASES = 2500;
const CANARY = `CANARY-${SEED}-never-served`;

interface Host {
  readonly services: AppServices;
  readonly web: WebHost;
}

let canaryDir: string;
const dirs: string[] = [];
const hosts: Host[] = [];
const originalError = console.error;
const logged: string[] = [];

async function startHost(mode: HostMode): Promise<Host> {
  const fixture = makeFixtureResources();
  // Links planted inside an allowed root that lead to the canary: a store must not follow them.
  symlinkSync(canaryDir, path.join(fixture.dir, 'sample', 'escape'));
  symlinkSync(path.join(canaryDir, 'secret.txt'), path.join(fixture.dir, 'sample', 'leak.txt'));
  const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-fuzz-ws-'));
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-fuzz-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Cairn</title>');
  dirs.push(fixture.dir, workspaceDir, rendererDir);
  const services = createAppServices({ workspaceDir, resourcesDir: fixture.dir, shell: 'web', user: 'fuzz', version: '0', mode });
  if (mode === 'reviewer') await services.openAtStart(path.join(fixture.dir, 'sample'));
  const web = await startWebHost({ services, rendererDir, port: 0 });
  const host = { services, web };
  hosts.push(host);
  return host;
}

beforeAll(() => {
  canaryDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-canary-'));
  dirs.push(canaryDir);
  writeFileSync(path.join(canaryDir, 'secret.txt'), CANARY);
  writeFileSync(path.join(canaryDir, 'scene.json'), JSON.stringify({ note: CANARY }));
  writeFileSync(path.join(canaryDir, 'metadata.json'), JSON.stringify({ version: '2.0', name: CANARY }));
  // The host logs real bugs with their stacks; the suite asserts there are none and keeps the output clean.
  console.error = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
});

afterAll(async () => {
  console.error = originalError;
  for (const h of hosts) {
    await h.web.close();
    h.services.close();
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function httpCase(rng: Rng, web: WebHost): string {
  const method = chance(rng, 0.8) ? pick(rng, ['GET', 'HEAD']) : pick(rng, ['POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'G\u00c9T', 'CONNECT']);
  let target = fuzzPath(rng, [canaryDir + '/', `${canaryDir}/secret.txt`, 'escape/secret.txt', 'leak.txt']);
  if (chance(rng, 0.2)) target += `${target.includes('?') ? '&' : '?'}token=${chance(rng, 0.5) ? web.token : pick(rng, ['', '%', 'x', web.token + 'x'])}`;
  const lines = [`${method} ${target} HTTP/1.1`];
  const hostHeader = chance(rng, 0.85) ? pick(rng, [`127.0.0.1:${web.port}`, `localhost:${web.port}`]) : pick(rng, ['evil.example', '', `127.0.0.1:${web.port + 1}`]);
  if (hostHeader) lines.push(`Host: ${hostHeader}`);
  const cookie = chance(rng, 0.75) ? web.token : pick(rng, ['%', '%E0%A4%A', '', 'x', `${web.token}%`, null]);
  if (cookie !== null) lines.push(`Cookie: cairn_token_${web.port}=${cookie}${chance(rng, 0.2) ? `; cairn_token_${web.port}=%` : ''}`);
  if (chance(rng, 0.3)) lines.push(`Range: ${pick(rng, ['bytes=0-10', 'bytes=-5', 'bytes=99999999-', 'bytes=5-1', 'bytes=a-b', 'bytes=0-1,3-4', 'items=0-1', ''])}`);
  if (chance(rng, 0.1)) lines.push(`Origin: ${pick(rng, ['http://evil.example', 'null', `http://127.0.0.1:${web.port}`])}`);
  if (chance(rng, 0.05)) lines.push('Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');
  if (chance(rng, 0.05)) lines.push(`X-Junk: ${'\u00ff'.repeat(Math.floor(rng() * 100))}`);
  lines.push('Connection: close');
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Valid inputs of every call, for mutation: deep junk reaches the handlers, not only the outer schema. */
function validInputs(mode: HostMode): Record<string, unknown>[] {
  const record = fixtureCuboidRecord('2d9f3e5a-7b8c-4d1e-9f2a-3b4c5d6e7f80', { author: 'fuzz' });
  const op = { opId: '3e0a4f6b-8c9d-4e2f-8a3b-4c5d6e7f8091', sceneId: FIXTURE_SCENE_ID, author: 'fuzz', at: 1, label: 'create', changes: [{ objectId: record.objectId, before: null, after: record }] };
  const inputs: Record<string, unknown>[] = [
    { call: 'app.info', input: {} },
    { call: 'scene.list', input: {} },
    { call: 'scene.open', input: { sceneId: FIXTURE_SCENE_ID } },
    { call: 'annotations.list', input: { sceneId: FIXTURE_SCENE_ID } },
    { call: 'annotations.apply', input: { clientId: 'fuzz', op } },
    { call: 'pointcloud.list', input: {} },
    { call: 'jobs.cancel', input: { jobId: '3e0a4f6b-8c9d-4e2f-8a3b-4c5d6e7f8091' } },
    { call: 'ontology.get', input: {} },
  ];
  // Open on a desktop host reads whatever its user names, by design: only the reviewer host is fuzzed with it.
  if (mode === 'reviewer') {
    for (const location of [canaryDir, `${canaryDir}/secret.txt`, `${canaryDir}/metadata.json`, 'http://127.0.0.1:1/x/', '/etc']) {
      inputs.push({ call: 'location.open', input: { location } }, { call: 'pointcloud.open', input: { location } });
    }
  }
  return inputs;
}

function wsCase(rng: Rng, id: number, inputs: Record<string, unknown>[]): { text: string; id: number | null } {
  const r = rng();
  if (r < 0.05) return { text: pick(rng, ['', 'not json', '{', '[]', 'null', '1', '"x"', '{"id":']), id: null };
  if (r < 0.12) return { text: JSON.stringify(fuzzValue(rng)), id: null };
  const base = pick(rng, inputs);
  const call = chance(rng, 0.05) ? pick(rng, ['nope', '', '__proto__', 'constructor', 'app.info\0', ...callNames]) : base.call;
  const input = chance(rng, 0.15) ? base.input : mutate(rng, base.input);
  return { text: JSON.stringify({ id, call, input }), id };
}

/**
 * Sends the cases on one socket in windows of `window` (the first window as one burst, beyond the
 * host's bound on calls in flight) and collects the answers until each case has one.
 */
async function runWsCases(web: WebHost, cases: { text: string; id: number | null }[], window: number, burst: number): Promise<Record<string, unknown>[]> {
  const ws = new WebSocket(web.origin.replace('http', 'ws') + '/ws', { headers: { Cookie: `cairn_token_${web.port}=${web.token}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const answers: Record<string, unknown>[] = [];
  let failed: Error | null = null;
  let waiting: { count: number; resolve: () => void } | null = null;
  ws.on('message', (data) => {
    const text = data.toString();
    if (text.includes(CANARY)) failed = new Error(`the canary was sent over the socket: ${text.slice(0, 300)}`);
    const m = JSON.parse(text) as Record<string, unknown>;
    if ('event' in m) return;
    answers.push(m);
    if (waiting && answers.length >= waiting.count) waiting.resolve();
  });
  const closed = new Promise<never>((_, reject) => ws.on('close', () => reject(new Error(`the socket closed after ${answers.length} of ${cases.length} answers`))));
  closed.catch(() => undefined);
  const answered = (count: number) => Promise.race([closed, new Promise<void>((resolve) => (answers.length >= count ? resolve() : (waiting = { count, resolve })))]);
  let sent = 0;
  while (sent < cases.length) {
    const size = sent === 0 ? burst : window;
    for (const c of cases.slice(sent, sent + size)) ws.send(c.text);
    sent = Math.min(cases.length, sent + size);
    await answered(sent);
  }
  if (failed) throw failed;
  ws.removeAllListeners('close');
  ws.close();
  return answers;
}

describe.each(['desktop', 'reviewer'] as const)(`the web host under fuzzing (%s mode, seed ${SEED})`, (mode) => {
  let host: Host;
  beforeAll(async () => {
    host = await startHost(mode);
  });

  it(`answers ${HTTP_CASES} hostile HTTP requests once each, never 5xx, never the canary`, async () => {
    const rng = seededRandom(SEED);
    const statuses = new Map<number, number>();
    const cases = Array.from({ length: HTTP_CASES }, () => httpCase(rng, host.web));
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const n = next++;
        const answer = await rawRequest(host.web.port, cases[n]);
        const where = `seed ${SEED} case ${n}: ${JSON.stringify(cases[n].slice(0, 300))}`;
        expect(answer.raw.includes(CANARY), where).toBe(false);
        expect(answer.status, where).toBeGreaterThanOrEqual(100);
        expect(answer.status === 500 || answer.status === 502 || answer.status === 503, `${where} answered ${answer.status}`).toBe(false);
        // Exactly one answer: one status line, then the connection closed.
        expect(answer.raw.toString('latin1').match(/^HTTP\/1\.1 \d{3} /gm)?.length ?? 0, where).toBeLessThanOrEqual(1 + (answer.body.toString('latin1').match(/^HTTP\/1\.1 \d{3} /gm)?.length ?? 0));
        expect(answer.body.toString('latin1'), where).not.toMatch(/\n\s+at .+:\d+:\d+/);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    console.log(`fuzz ${mode} HTTP: ${HTTP_CASES} cases, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it(`answers ${WS_CASES} fuzzed WebSocket frames and contract payloads exactly once each, in the one error shape`, async () => {
    const rng = seededRandom(SEED + 1);
    const inputs = validInputs(mode);
    const cases = Array.from({ length: WS_CASES }, (_, i) => wsCase(rng, i, inputs));
    const answers = await runWsCases(host.web, cases, 12, 64);
    const byId = new Map<number, number>();
    const codes = new Map<string, number>();
    for (const a of answers) {
      if (typeof a.id === 'number') byId.set(a.id, (byId.get(a.id) ?? 0) + 1);
      if (a.ok === false) {
        const error = a.error as { code: string; message: string };
        expect(Object.keys(error).sort()).toEqual(['code', 'message']);
        expect(errorCodes).toContain(error.code);
        expect(error.message).not.toMatch(/\n\s+at .+:\d+:\d+/);
        expect(error.code, error.message).not.toBe('internal');
        codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
      } else {
        codes.set('ok', (codes.get('ok') ?? 0) + 1);
      }
    }
    for (const c of cases) if (c.id !== null) expect(byId.get(c.id), `case ${c.id}: ${c.text.slice(0, 200)}`).toBe(1);
    console.log(`fuzz ${mode} WebSocket: ${WS_CASES} cases, answers ${JSON.stringify(Object.fromEntries(codes))}`);
    if (mode === 'reviewer') expect(codes.get('forbidden') ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it('is still up and serving, with no bug logged', async () => {
    const answer = await rawRequest(host.web.port, `GET /data/sample/scene.json HTTP/1.1\r\nHost: 127.0.0.1:${host.web.port}\r\nCookie: cairn_token_${host.web.port}=${host.web.token}\r\nConnection: close\r\n\r\n`);
    expect(answer.status).toBe(200);
    expect(logged.filter((l) => /\n\s+at /.test(l))).toEqual([]);
  });
});
