import type { CairnClient } from '../../shared/client';

export interface FetchProgress {
  readonly file: string;
  readonly received: number;
  /** Null when the host did not say how long the file is. */
  readonly total: number | null;
}

/** Files of a model folder, required ones first; rigs and frames exist only from COLMAP 3.12 on. */
const MODEL_FILES = [
  { base: 'cameras', required: true },
  { base: 'images', required: true },
  { base: 'points3D', required: true },
  { base: 'rigs', required: false },
  { base: 'frames', required: false },
];

/** A path inside the store: `folder` may be "." (the store root is the model folder). */
export const storePath = (folder: string, name: string): string =>
  [...folder.split('/').filter((p) => p !== '' && p !== '.'), ...name.split('/')].join('/');

/**
 * Fetches a model's files from the store: exactly `listed` when the manifest names them (an
 * imported model), else `<name>.bin`, or `<name>.txt` where the host has no .bin. Missing files
 * are left for the reader to name (it says which of the set it found); any other failure names
 * the file and the host's answer.
 */
export async function fetchModelFiles(
  client: CairnClient,
  storeId: string,
  folder: string,
  label: string,
  onProgress: (p: FetchProgress) => void,
  signal: AbortSignal,
  listed?: readonly string[],
): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  if (listed) {
    for (const name of listed) {
      const bytes = await fetchFile(client.dataUrl(storeId, storePath(folder, name)), `${label}/${name}`, (received, total) => onProgress({ file: name, received, total }), signal);
      if (bytes) files.set(name, bytes);
    }
    return files;
  }
  for (const { base } of MODEL_FILES) {
    for (const ext of ['bin', 'txt']) {
      const name = `${base}.${ext}`;
      const bytes = await fetchFile(client.dataUrl(storeId, storePath(folder, name)), `${label}/${name}`, (received, total) => onProgress({ file: name, received, total }), signal);
      if (bytes) {
        files.set(name, bytes);
        break;
      }
    }
  }
  return files;
}

/** The file's bytes, or null on 404; reads the body in chunks to report progress. */
async function fetchFile(url: string, label: string, onChunk: (received: number, total: number | null) => void, signal: AbortSignal): Promise<Uint8Array | null> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    if (signal.aborted) throw e;
    throw new Error(`${label}: cannot fetch: ${(e as Error).message}`);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${label}: the host answered ${response.status} ${response.statusText}`);
  const length = Number(response.headers.get('Content-Length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  onChunk(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onChunk(received, total);
  }
  const out = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
