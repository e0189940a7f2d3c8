import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface StaticServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A plain static file server on 127.0.0.1 (a free port) over a folder, as nginx or a CDN would
 * publish a store: GET and single byte ranges, 404 for anything else, nothing outside the folder.
 */
export async function serveFolder(dir: string): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const relative = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file = path.resolve(dir, relative);
    if (req.method !== 'GET' || !file.startsWith(dir + path.sep) || path.basename(file).startsWith('.')) return void res.writeHead(404).end();
    let bytes: Buffer;
    try {
      if (!statSync(file).isFile()) return void res.writeHead(404).end();
      bytes = readFileSync(file);
    } catch {
      return void res.writeHead(404).end();
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (range && Number(range[1]) <= Number(range[2]) && Number(range[2]) < bytes.length) {
      const [start, end] = [Number(range[1]), Number(range[2])];
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${bytes.length}`, 'Content-Length': end - start + 1 }).end(bytes.subarray(start, end + 1));
    } else res.writeHead(200, { 'Content-Length': bytes.length, 'Accept-Ranges': 'bytes' }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
