import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CairnClient, WireResponse } from '../../shared/client';
import { ANNOTATION_PAGE_MAX_BYTES, ANNOTATION_PAGE_MAX_RECORDS, ContractError, parseCallOutput } from '../../shared/contract';
import { listAllAnnotations } from '../../renderer/state/listAllAnnotations';
import { createAppServices, type AppServices } from '../services/appServices';
import { FIXTURE_FRAME_IDS, FIXTURE_SCENE_ID, makeFixtureResources } from '../testing/fixtureResources';
import { seedAnnotations, seededObjectId } from '../testing/seedAnnotations';
import { startWebHost, type WebHost } from './server';

const OBJECTS = 100_000;
/** A page's records plus the answer's own few dozen bytes. */
const MESSAGE_BOUND = ANNOTATION_PAGE_MAX_BYTES + 1024;

let services: AppServices;
let host: WebHost;
const dirs: string[] = [];

beforeAll(async () => {
  const fixture = makeFixtureResources();
  const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-paging-'));
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-renderer-'));
  dirs.push(fixture.dir, workspaceDir, rendererDir);
  services = createAppServices({ workspaceDir, resourcesDir: fixture.dir, shell: 'web', user: 'tester', version: '0.0.0' });
  seedAnnotations(services.workspace, FIXTURE_SCENE_ID, FIXTURE_FRAME_IDS, OBJECTS);
  host = await startWebHost({ services, rendererDir, port: 0 });
}, 120_000);

afterAll(async () => {
  await host?.close();
  services?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The renderer's view of the host, over a real WebSocket, noting the size of every message it receives. */
async function socketClient(received: number[]): Promise<{ client: CairnClient; close(): void }> {
  const ws = new WebSocket(host.origin.replace('http', 'ws') + '/ws', { headers: { Cookie: `cairn_token_${host.port}=${host.token}` } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const pending = new Map<number, (answer: WireResponse) => void>();
  ws.on('message', (data: Buffer) => {
    received.push(data.length);
    const message = JSON.parse(data.toString()) as WireResponse | { event: string };
    if ('id' in message && message.id !== null) pending.get(message.id)?.(message);
  });
  let nextId = 1;
  const client: CairnClient = {
    call: (name, input) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, (answer) => {
          pending.delete(id);
          if (answer.ok) resolve(parseCallOutput(name, answer.result));
          else reject(new ContractError(answer.error.code, answer.error.message));
        });
        ws.send(JSON.stringify({ id, call: name, input }));
      }),
    on: () => () => undefined,
    dataUrl: () => '',
  };
  return { client, close: () => ws.close() };
}

it('a 100,000-object scene loads in pages over one WebSocket, no message larger than a page', async () => {
  const received: number[] = [];
  const { client, close } = await socketClient(received);
  const rss: number[] = [process.memoryUsage().rss];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 20);
  let records;
  try {
    records = await listAllAnnotations(client, FIXTURE_SCENE_ID);
  } finally {
    clearInterval(sampler);
    rss.push(process.memoryUsage().rss);
    close();
  }

  expect(records).toHaveLength(OBJECTS);
  expect(records[0].objectId).toBe(seededObjectId(0));
  expect(records.every((r, i) => r.objectId === seededObjectId(i))).toBe(true);
  expect(received.length).toBeGreaterThanOrEqual(OBJECTS / ANNOTATION_PAGE_MAX_RECORDS);
  const peak = Math.max(...received);
  expect(peak).toBeLessThanOrEqual(MESSAGE_BOUND);

  const mb = (n: number) => (n / 2 ** 20).toFixed(1);
  const total = received.reduce((a, b) => a + b, 0);
  console.log(
    `annotations.list: ${OBJECTS} objects in ${received.length} pages over one WebSocket; ` +
      `peak message ${mb(peak)} MiB (bound ${mb(MESSAGE_BOUND)} MiB; the whole scene is ${mb(total)} MiB); ` +
      `host + client RSS ${mb(rss[0])} MiB before, ${mb(Math.max(...rss))} MiB peak`,
  );
}, 120_000);

it('50 calls for pages at once on one socket each get one answer, a page or busy', async () => {
  const received: number[] = [];
  const { client, close } = await socketClient(received);
  const before = process.memoryUsage().rss;
  let outcomes: string[];
  try {
    outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        client.call('annotations.list', { sceneId: FIXTURE_SCENE_ID }).then(
          (page) => (page.records.length === ANNOTATION_PAGE_MAX_RECORDS ? 'page' : 'short page'),
          (e: ContractError) => e.code,
        ),
      ),
    );
  } finally {
    close();
  }
  const after = process.memoryUsage().rss;
  const pages = outcomes.filter((o) => o === 'page').length;
  const busy = outcomes.filter((o) => o === 'busy').length;
  expect(pages + busy).toBe(50);
  expect(pages).toBeGreaterThanOrEqual(16);
  expect(received).toHaveLength(50);
  expect(Math.max(...received)).toBeLessThanOrEqual(MESSAGE_BOUND);
  const mb = (n: number) => (n / 2 ** 20).toFixed(1);
  console.log(`50 concurrent annotations.list calls on one socket: ${pages} pages, ${busy} busy; RSS ${mb(before)} MiB before, ${mb(after)} MiB after`);
});
