import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket as NodeWebSocket } from 'ws';
import { createAppServices } from '../services/appServices';
import { startWebHost } from '../webhost/server';

const RESOURCES = path.resolve(__dirname, '../../../resources');

export interface TestWebHost {
  /** http://127.0.0.1:PORT: what the renderer's WebSocket bridge is given. */
  readonly origin: string;
  /** Stops the host, puts back the WebSocket there was before, and removes the workspace. */
  stop(): Promise<void>;
}

/**
 * The real web host over the real services, on a fresh workspace with the sample scene, for
 * renderer code under test to reach over its WebSocket bridge as a page would. While it runs, the
 * global WebSocket is ws's client carrying the host's token cookie, as a browser sends the one the
 * host set when it served the page.
 */
export async function startTestWebHost(): Promise<TestWebHost> {
  const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-test-host-'));
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-test-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Cairn</title>');
  const services = createAppServices({ workspaceDir, resourcesDir: RESOURCES, shell: 'web', user: 'tester', version: '0.0.0' });
  const host = await startWebHost({ services, rendererDir, port: 0 });
  const cookie = `cairn_token_${host.port}=${host.token}`;
  const global = globalThis as { WebSocket?: unknown };
  const before = global.WebSocket;
  global.WebSocket = class extends NodeWebSocket {
    constructor(url: string) {
      super(url, { headers: { Cookie: cookie } });
    }
  };
  return {
    origin: host.origin,
    stop: async () => {
      global.WebSocket = before;
      await host.close();
      services.close();
      for (const d of [workspaceDir, rendererDir]) rmSync(d, { recursive: true, force: true });
    },
  };
}
