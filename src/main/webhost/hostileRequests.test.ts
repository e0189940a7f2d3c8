import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../services/appServices';
import { makeFixtureResources } from '../testing/fixtureResources';
import { startWebHost, type WebHost } from './server';
import { header, rawRequest } from './testing/rawHttp';

/** Requests an outside prober sent that once crashed the host, leaked, or redirected off-site. */
let services: AppServices;
let host: WebHost;
const dirs: string[] = [];
const logged: string[] = [];
const originalError = console.error;

beforeAll(async () => {
  const fixture = makeFixtureResources();
  writeFileSync(path.join(fixture.dir, 'sample', 'report.html'), '<script>alert(document.cookie)</script>');
  writeFileSync(path.join(fixture.dir, 'sample', 'figure.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-ws-'));
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Cairn</title>');
  dirs.push(fixture.dir, workspaceDir, rendererDir);
  services = createAppServices({ workspaceDir, resourcesDir: fixture.dir, shell: 'web', user: 'tester', version: '0.0.0' });
  host = await startWebHost({ services, rendererDir, port: 0 });
  console.error = (...args: unknown[]) => void logged.push(args.join(' '));
});

afterAll(async () => {
  console.error = originalError;
  await host.close();
  services.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const req = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
const hostHeader = () => `Host: 127.0.0.1:${host.port}`;
const goodCookie = () => `Cookie: cairn_token_${host.port}=${host.token}`;

async function stillUp(): Promise<void> {
  const a = await rawRequest(host.port, req([`GET / HTTP/1.1`, hostHeader(), goodCookie(), 'Connection: close']));
  expect(a.status).toBe(200);
}

describe('the web host, against hostile requests', () => {
  it('refuses a WebSocket upgrade with a malformed cookie instead of exiting', async () => {
    const upgrade = [
      'GET /ws HTTP/1.1',
      hostHeader(),
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ];
    for (const cookie of ['%', '%E0%A4%A', '%zz%']) {
      const a = await rawRequest(host.port, req([...upgrade, `Cookie: cairn_token_${host.port}=${cookie}`]));
      expect(a.status).toBe(401);
    }
    await stillUp();
  });

  it('lets a valid ?token= through whatever the cookie holds', async () => {
    const a = await rawRequest(host.port, req([`GET /?token=${host.token} HTTP/1.1`, hostHeader(), `Cookie: cairn_token_${host.port}=%`, 'Connection: close']));
    expect(a.status).toBe(303);
  });

  it('answers malformed percent-encoding in a path with 400, logging no stack trace', async () => {
    for (const p of ['/%E0%A4%A', '/data/sample/%', '/data/sample/a%00b', '/assets/%zz']) {
      const a = await rawRequest(host.port, req([`GET ${p} HTTP/1.1`, hostHeader(), goodCookie(), 'Connection: close']));
      expect(a.status, p).toBe(400);
      expect(a.body.toString()).not.toMatch(/\bat .*\.[jt]s:\d+/);
    }
    expect(logged.filter((l) => l.includes('URIError'))).toEqual([]);
  });

  it('redirects only to paths on its own origin', async () => {
    for (const p of ['/.//evil.example/x', '//evil.example/x', '/\\\\evil.example/x', '/./\\evil.example/x']) {
      const a = await rawRequest(host.port, req([`GET ${p}?token=${host.token} HTTP/1.1`, hostHeader(), 'Connection: close']));
      if (a.status === 400) continue;
      expect(a.status, p).toBe(303);
      const location = header(a, 'Location')!;
      expect(location, p).toMatch(/^\/[^/\\]/);
      expect(new URL(location, 'http://127.0.0.1/').host).toBe('127.0.0.1');
    }
  });

  it('sends active store files as downloads, sandboxed and never sniffed', async () => {
    for (const file of ['report.html', 'figure.svg']) {
      const a = await rawRequest(host.port, req([`GET /data/sample/${file} HTTP/1.1`, hostHeader(), goodCookie(), 'Connection: close']));
      expect(a.status).toBe(200);
      expect(header(a, 'Content-Type')).toBe('application/octet-stream');
      expect(header(a, 'Content-Disposition')).toBe('attachment');
      expect(header(a, 'X-Content-Type-Options')).toBe('nosniff');
      expect(header(a, 'Content-Security-Policy')).toContain('sandbox');
    }
    const bin = await rawRequest(host.port, req([`GET /data/sample/lidar/0.bin HTTP/1.1`, hostHeader(), goodCookie(), 'Connection: close']));
    expect(header(bin, 'Content-Security-Policy')).toContain("default-src 'none'");
    expect(header(bin, 'Content-Disposition')).toBeUndefined();
  });

  it('refuses absolute-form request targets', async () => {
    const a = await rawRequest(host.port, req([`GET http://evil.example/ HTTP/1.1`, hostHeader(), goodCookie(), 'Connection: close']));
    expect(a.status).toBe(400);
  });
});
