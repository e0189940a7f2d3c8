import type { CairnBridge, WireEvent, WireRequest, WireResponse } from '../../shared/client';

/** Why a call in flight fails when the host goes away (it stopped, or the machine slept). */
export const HOST_LOST = 'connection to the Cairn host was lost';

/** A call that failed because the host is gone: lost mid-call, or unreachable when the call was made. */
export class HostLostError extends Error {
  readonly hostLost = true;
}

export function isHostLost(reason: unknown): reason is HostLostError {
  return reason instanceof HostLostError;
}

interface Pending {
  resolve(value: unknown): void;
  reject(reason: Error): void;
}

/**
 * The contract over the web host's WebSocket. The page was served by the host, which set the token
 * cookie, so the socket authenticates the same way. Calls made while connecting wait for the socket.
 */
export function createWsBridge(origin: string): CairnBridge {
  const wsUrl = origin.replace(/^http/, 'ws') + '/ws';
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(wsUrl);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
      };
      ws.onerror = () => reject(new HostLostError(`cannot reach the Cairn host at ${wsUrl}`));
      ws.onclose = () => {
        socket = null;
        opened = null;
        for (const p of pending.values()) p.reject(new HostLostError(HOST_LOST));
        pending.clear();
      };
      ws.onmessage = (msg) => {
        const data = JSON.parse(String(msg.data)) as WireResponse | WireEvent;
        if ('event' in data) {
          for (const l of listeners.get(data.event) ?? []) l(data.payload);
          return;
        }
        if (data.id === null) {
          console.error(`host rejected a message: ${data.ok ? '' : data.error.message}`);
          return;
        }
        const p = pending.get(data.id);
        if (!p) return;
        pending.delete(data.id);
        if (data.ok) p.resolve(data.result);
        else p.reject(Object.assign(new Error(data.error.message), { code: data.error.code }));
      };
    });
    return opened;
  };

  return {
    async call(name, input) {
      const ws = socket ?? (await connect());
      const id = nextId++;
      const request: WireRequest = { id, call: name, input };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify(request));
      });
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      void connect().catch(() => undefined);
      return () => set.delete(listener);
    },
    dataBaseUrl: `${origin}/data/`,
  };
}
