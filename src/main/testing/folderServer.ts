import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileResponse } from '../services/stores/fileResponse';
import { startLoopbackServer } from './loopbackServer';

export interface FolderServer {
  /** http://127.0.0.1:PORT; a file's URL is base + '/' + its path in the folder. */
  readonly base: string;
  /** Removes the folder too. */
  close(): Promise<void>;
}

/**
 * A temporary folder holding `files` (path in the folder -> bytes), served over real HTTP on
 * 127.0.0.1 the way the host's data URLs serve a store's files (fileResponse: the bytes as they
 * are, ranges, 404 for a file that is not there). Renderer tests of the wire use it, so they need
 * no Node import.
 */
export async function serveFolder(files: Readonly<Record<string, Uint8Array | string>>): Promise<FolderServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-folder-'));
  for (const [name, bytes] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  const server = await startLoopbackServer((req) => fileResponse(path.join(dir, decodeURIComponent(new URL(req.url!, 'http://x').pathname)), req.headers.range, req.method));
  return {
    base: server.base,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
