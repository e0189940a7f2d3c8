import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FileResponse } from '../services/stores/fileResponse';

export interface LoopbackServer {
  /** http://127.0.0.1:PORT */
  readonly base: string;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 for tests; the handler answers with a FileResponse or writes itself. */
export async function startLoopbackServer(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<FileResponse | void>,
): Promise<LoopbackServer> {
  const server = createServer(async (req, res) => {
    const out = await handle(req, res);
    if (!out) return;
    res.writeHead(out.status, out.headers);
    if (out.body) out.body.pipe(res);
    else res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
