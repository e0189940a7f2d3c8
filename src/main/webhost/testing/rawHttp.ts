import { connect } from 'node:net';

export interface RawAnswer {
  /** 0 when the connection closed without a status line. */
  readonly status: number;
  readonly head: string;
  readonly body: Buffer;
  /** Every byte the server sent. */
  readonly raw: Buffer;
}

/**
 * Sends bytes as they are (a malformed cookie, a broken path, a bare upgrade: what fetch refuses
 * to send) and reads until the server closes. The request should say `Connection: close`.
 */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${JSON.stringify(String(request).slice(0, 120))}`));
    }, timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const head = (split >= 0 ? raw.subarray(0, split) : raw).toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3}) /.exec(head);
      resolve({ status: m ? Number(m[1]) : 0, head, body: split >= 0 ? raw.subarray(split + 4) : Buffer.alloc(0), raw });
    });
    // Not end(): a half-closed socket may be dropped before a slow answer; `Connection: close` ends it.
    socket.write(request);
  });
}

export function header(answer: RawAnswer, name: string): string | undefined {
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(answer.head);
  return m?.[1].trim();
}
