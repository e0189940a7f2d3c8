import type { CairnBridge, CairnClient } from '../../shared/client';
import { parseCallOutput, parseEventPayload, type EventName } from '../../shared/contract';
import { createWsBridge } from './wsClient';

declare global {
  interface Window {
    cairn?: CairnBridge;
  }
}

/** The renderer's only way to the host: Electron's preload bridge when present, else the web host. */
export function createClient(): CairnClient {
  return clientOver(window.cairn ?? createWsBridge(window.location.origin));
}

/** A client over one transport: calls' results and events' payloads checked against the contract. */
export function clientOver(bridge: CairnBridge): CairnClient {
  return {
    async call(name, input) {
      return parseCallOutput(name, await bridge.call(name, input));
    },
    on(name, listener, options) {
      return bridge.on(name, (payload) => {
        if (options?.ignore?.(payload)) return;
        try {
          listener(parseEventPayload(name as EventName, payload) as Parameters<typeof listener>[0]);
        } catch (e) {
          console.error((e as Error).message);
        }
      });
    },
    ...(bridge.setMenu && bridge.onMenuCommand
      ? { menu: { set: (commands) => bridge.setMenu!(commands), onCommand: (listener) => bridge.onMenuCommand!(listener) } }
      : {}),
    ...(bridge.pickFolder ? { pickFolder: (title: string) => bridge.pickFolder!(title) } : {}),
    dataUrl(storeId, path) {
      return bridge.dataBaseUrl + encodeURIComponent(storeId) + '/' + path.split('/').map(encodeURIComponent).join('/');
    },
  };
}
