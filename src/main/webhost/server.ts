import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { createDispatcher } from '../host/dispatcher';
import type { FileResponse } from '../services/stores/fileResponse';
import { fileResponse } from '../services/stores/fileResponse';
import type { AppServices } from '../services/appServices';
import { cookieName, isLoopbackHost, newToken, readCookie, tokensEqual } from './token';
import { attachWsClient, MAX_INCOMING_MESSAGE_BYTES } from './wsTransport';
import { decodeUrlPath } from '../host/decodePath';

export interface WebHostOptions {
  readonly services: AppServices;
  /** The built renderer (index.html and assets). */
  readonly rendererDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly token?: string;
}

export interface WebHost {
  /** Open this: it carries the token. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** The web host: the renderer, the contract over WebSocket and store files over HTTP, on 127.0.0.1 only. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? newToken();
  const dispatch = createDispatcher(options.services.handlers);
  const rendererRoot = path.resolve(options.rendererDir);
  let port = 0;

  const authorized = (req: IncomingMessage, url: URL) =>
    tokensEqual(token, readCookie(req, cookieName(port))) || tokensEqual(token, url.searchParams.get('token'));

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // Only a bug lands here (every client mistake has its own answer): log it, tell the client nothing of it.
      console.error(`web host: ${req.method} ${String(req.url).slice(0, 200)}: ${(e as Error).stack ?? e}`);
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopbackHost(req.headers.host, port)) return send(res, 421, 'wrong host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    const url = requestUrl(req, port);
    if (!url) return send(res, 400, 'bad request');
    if (!authorized(req, url)) {
      return send(res, 401, 'Cairn: this address needs the token printed by `cairn serve`; open the full URL it printed.');
    }
    if (url.searchParams.has('token')) {
      // Trade the token in the address bar for a cookie, so it does not linger in history or logs.
      url.searchParams.delete('token');
      res.writeHead(303, {
        'Set-Cookie': `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: sameOriginPath(url),
        'Referrer-Policy': 'no-referrer',
      });
      res.end();
      return;
    }
    const pathname = decodeUrlPath(url.pathname);
    if (pathname === null) return send(res, 400, 'bad request: the path is not valid percent-encoding');
    if (pathname.startsWith('/data/')) {
      const [, , storeId = '', ...rest] = pathname.split('/');
      const out = await options.services.stores.serve(storeId, rest.join('/'), req.headers.range, req.method ?? 'GET');
      return pipe(res, out);
    }
    const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
    const file = path.resolve(rendererRoot, relative);
    if (!file.startsWith(rendererRoot + path.sep)) return send(res, 404, 'not found');
    const out = await fileResponse(file, req.headers.range, req.method);
    return pipe(res, out, file.endsWith('.html') ? htmlHeaders(port) : {});
  }

  function pipe(res: ServerResponse, out: FileResponse, extra: Record<string, string> = {}) {
    if (out.status === 404) return send(res, 404, 'not found');
    res.writeHead(out.status, { ...out.headers, ...extra, 'X-Content-Type-Options': 'nosniff' });
    if (!out.body) return void res.end();
    const body = out.body;
    body.on('error', () => res.destroy());
    // A client that goes away (a node the renderer no longer wants) releases the file or remote stream.
    res.on('close', () => body.destroy());
    body.pipe(res);
  }

  // CONNECT (a proxy request) has no handler of its own; unanswered, Node would just drop the socket.
  server.on('connect', (_req, socket) => {
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INCOMING_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    // A throw here would escape to the process: whatever an upgrade carries, it is refused or accepted.
    let accepted = false;
    try {
      const url = requestUrl(req, port);
      const origin = req.headers.origin;
      const originOk = !origin || [`http://127.0.0.1:${port}`, `http://localhost:${port}`].includes(origin);
      accepted = !!url && url.pathname === '/ws' && isLoopbackHost(req.headers.host, port) && originOk && authorized(req, url);
    } catch (e) {
      console.error(`web host: upgrade ${String(req.url).slice(0, 200)}: ${(e as Error).stack ?? e}`);
    }
    if (!accepted) {
      socket.on('error', () => undefined);
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachWsClient(ws, dispatch, options.services.events));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function htmlHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

/** The request's URL, or null when it cannot be parsed against this origin. */
function requestUrl(req: IncomingMessage, port: number): URL | null {
  const target = req.url ?? '/';
  // Origin-form only: `//host/x` parsed against a base would name another host.
  if (!target.startsWith('/')) return null;
  try {
    return new URL(`http://127.0.0.1:${port}${target}`);
  } catch {
    return null;
  }
}

/**
 * A redirect target on this origin: `//host/x` (or `/\\host`) would be read as another host by the
 * browser, so leading slashes and backslashes collapse to one.
 */
export function sameOriginPath(url: URL): string {
  return '/' + url.pathname.replace(/^[/\\]+/, '') + url.search;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(text + '\n');
}
