import type { MenuCommand } from './menu';
import type { CallInput, CallName, CallOutput, ErrorCode, EventName, EventPayload } from './contract';

/** What the renderer sees of the host, whichever transport carries it. */
export interface CairnClient {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  /**
   * Listens for a host event; each payload is checked against the contract before the listener
   * sees it. `ignore`, given the payload unchecked, drops one before that check: a client passes
   * over its own edits echoed back to it without paying to validate them.
   */
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void, options?: { ignore?(raw: unknown): boolean }): () => void;
  /** A URL the renderer can fetch (with range requests) for a file in a store. */
  dataUrl(storeId: string, path: string): string;
  /** The desktop shell's native menu; absent in a browser, where the page's own controls are the menu. */
  readonly menu?: NativeMenu;
  /**
   * The desktop shell's folder picker: the folder chosen, or null when cancelled. Absent in a
   * browser, which gives a page no paths: there the path is typed.
   */
  readonly pickFolder?: (title: string) => Promise<string | null>;
}

/** The shell's application menu, built from the command registry; a pick runs the command. */
export interface NativeMenu {
  set(commands: readonly MenuCommand[]): void;
  onCommand(listener: (commandId: string) => void): () => void;
}

/** The shape a transport exposes on `window.cairn` (Electron preload). */
export interface CairnBridge {
  call(name: string, input: unknown): Promise<unknown>;
  on(name: string, listener: (payload: unknown) => void): () => void;
  dataBaseUrl: string;
  setMenu?(commands: readonly MenuCommand[]): void;
  onMenuCommand?(listener: (commandId: string) => void): () => void;
  pickFolder?(title: string): Promise<string | null>;
}

/** Wire messages of the WebSocket transport. */
export type WireRequest = { id: number; call: string; input: unknown };
export type WireResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number | null; ok: false; error: { code: ErrorCode; message: string } };
export type WireEvent = { event: string; payload: unknown };
