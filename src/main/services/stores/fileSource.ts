import { promises as fs } from 'node:fs';
import type { ByteSource } from '../../../core/io/byteSource';

/**
 * A local file as a ByteSource. The handle is opened on first use and shared by every read;
 * `close()` releases it (readers that finish call it; a leaked one is closed by the GC).
 */
export function fileSource(path: string): ByteSource & { close(): Promise<void> } {
  let handle: Promise<fs.FileHandle> | null = null;
  const open = () => (handle ??= fs.open(path, 'r'));
  return {
    name: path,
    async size() {
      return (await (await open()).stat()).size;
    },
    async read(offset, length) {
      if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
        throw new RangeError(`${path}: invalid read of ${length} bytes at ${offset}`);
      }
      const buf = Buffer.allocUnsafe(length);
      const h = await open();
      let got = 0;
      while (got < length) {
        const { bytesRead } = await h.read(buf, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return new Uint8Array(buf.buffer, buf.byteOffset, got);
    },
    async close() {
      const h = handle;
      handle = null;
      if (h) await (await h).close();
    },
  };
}
