import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../testing/loopbackServer';
import { HttpStore } from './httpStore';
import { StoreRegistry } from './storeRegistry';

let server: LoopbackServer;
const seen: string[] = [];

beforeAll(async () => {
  server = await startLoopbackServer(async (req, res) => {
    seen.push(req.url!);
    if (req.url!.includes('moved')) {
      res.writeHead(302, { Location: 'http://127.0.0.1:1/admin' });
      return void res.end();
    }
    res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': '2' });
    res.end('ok');
  });
});

afterAll(() => server.close());

describe('HttpStore', () => {
  it('keeps ? and # in a file name inside the path instead of sending them as a query', async () => {
    const store = new HttpStore('h', `${server.base}/base/?sig=1`);
    const out = await store.serve('dir/a?b=c#d.bin', null, 'GET');
    expect(out.status).toBe(200);
    expect(seen.at(-1)).toBe('/base/dir/a%3Fb%3Dc%23d.bin');
  });

  it('does not follow a redirect anywhere else', async () => {
    const store = new HttpStore('h', `${server.base}/base/`);
    const out = await store.serve('moved.bin', null, 'GET');
    expect(out.status).toBe(502);
    expect(seen.at(-1)).toBe('/base/moved.bin');
    await expect(store.source('moved.bin')!.size()).rejects.toThrow(/redirects \(302\)/);
  });

  it("types files by their name, not by the remote server's word", async () => {
    const stores = new StoreRegistry();
    stores.register(new HttpStore('h', `${server.base}/base/`));
    const bin = await stores.serve('h', 'node.bin', null, 'GET');
    expect(bin.headers['Content-Type']).toBe('application/octet-stream');
    const page = await stores.serve('h', 'page.html', null, 'GET');
    expect(page.headers['Content-Disposition']).toBe('attachment');
    expect(page.headers['Content-Security-Policy']).toContain('sandbox');
    page.body?.destroy();
    bin.body?.destroy();
  });
});
