import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';

/** What a test host does with a call: answer on the socket, or drop it. */
export interface WsTestSocket {
  send(data: string): void;
  terminate(): void;
}

export interface WsTestHost {
  /** http://127.0.0.1:PORT; the socket listens on its /ws path, as the web host's does. */
  readonly origin: string;
  /** Drops every client and stops listening. */
  stop(): Promise<void>;
}

/**
 * Node 20 has no global WebSocket: ws's client, whose event-handler API is the browser's, stands in
 * for it while renderer code under test opens sockets.
 */
export function provideBrowserWebSocket(): void {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= NodeWebSocket;
}

/** A real WebSocket server on 127.0.0.1 that hands each call's id to `onCall`. */
export async function startWsTestHost(onCall: (socket: WsTestSocket, id: number) => void): Promise<WsTestHost> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' });
  server.on('connection', (socket) => socket.on('message', (raw) => onCall(socket, (JSON.parse(String(raw)) as { id: number }).id)));
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    stop: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
