import { createReadStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { contentTypeFor, decideRange } from './byteRange';

export interface FileResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Absent for statuses without a body (404, 416, HEAD). */
  readonly body?: Readable;
}

/**
 * The one place both shells turn a store file into an HTTP-style response: 200, 206 with
 * Content-Range, 416, or 404. Streams the bytes; never reads a whole file into memory.
 */
export async function fileResponse(file: string, rangeHeader: string | undefined | null, method = 'GET'): Promise<FileResponse> {
  let size: number;
  let mtime: Date;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { status: 404, headers: {} };
    size = stat.size;
    mtime = stat.mtime;
  } catch {
    return { status: 404, headers: {} };
  }
  const base: Record<string, string> = {
    'Content-Type': contentTypeFor(file),
    'Accept-Ranges': 'bytes',
    'Last-Modified': mtime.toUTCString(),
    'Cache-Control': 'no-cache',
  };
  const decision = decideRange(rangeHeader, size);
  if (decision.kind === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' } };
  }
  const head = method === 'HEAD';
  if (decision.kind === 'full') {
    return {
      status: 200,
      headers: { ...base, 'Content-Length': String(size) },
      body: head || size === 0 ? undefined : createReadStream(file),
    };
  }
  const { start, end } = decision.range;
  return {
    status: 206,
    headers: { ...base, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(end - start + 1) },
    body: head ? undefined : createReadStream(file, { start, end }),
  };
}
