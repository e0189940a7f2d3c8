import { Readable } from 'node:stream';
import type { ByteSource } from '../../../core/io/byteSource';
import { encodeCloudPcd } from '../../../core/robotics/cloudPcd';
import { decodePointCloud2 } from '../../../core/robotics/pointCloud2';
import { asPointCloud2 } from '../../import/robotics/cloudMessages';
import { imageFileFromMessage } from '../../import/robotics/imageMessages';
import { openMcapLog } from '../../import/robotics/mcapLog';
import { concatLogs, type RobotLog } from '../../import/robotics/robotLog';
import { openRosbagLog } from '../../import/robotics/rosbagLog';
import { IMAGE_TYPES } from '../../import/robotics/topicRoles';
import { contentTypeFor, decideRange } from '../stores/byteRange';
import type { DataStore } from '../stores/dataStore';
import type { FileResponse } from '../stores/fileResponse';

/** What the store keeps of the captures it served last, so a range read or a revisit does not decode again. */
const CACHE_BYTES = 96 << 20;

const IDLE_CLOSE_MS = 20_000;

const POINTER = /^log\/(\d{1,20})\/([A-Za-z0-9_~./-]+)\.(pcd|jpg|png)$/;

/**
 * A scene's robotics log as a store: a capture path `log/<log time>/<topic>.<pcd|jpg|png>` is
 * the message of that topic at that log time, read through the log's own index (the chunk that
 * holds it, by range reads of a file, an HTTP server or a bucket) when asked for, and served as
 * the file the viewer reads: a sweep as binary PCD, an image as recorded (raw images as PNG).
 * Nothing else is served.
 */
export class LogMessageStore implements DataStore {
  private log: Promise<RobotLog> | null = null;
  private readonly cache = new Map<string, Promise<Uint8Array>>();
  private readonly sizes = new Map<string, number>();
  private cachedBytes = 0;
  private idle: NodeJS.Timeout | null = null;
  private reading = 0;

  constructor(
    readonly id: string,
    readonly kind: DataStore['kind'],
    readonly label: string,
    private readonly format: 'mcap' | 'rosbag',
    /** Each file of the log as a source, opened when the first capture is asked for. */
    private readonly sources: () => ByteSource[],
    /**
     * The captures of one frame, given any of them: read together, in one pass over the chunk
     * that usually holds them all, instead of decompressing it once per sensor.
     */
    private readonly frameOf: (relativePath: string) => readonly string[] = (p) => [p],
  ) {}

  async serve(relativePath: string, range: string | null | undefined, method: string): Promise<FileResponse> {
    if (!POINTER.test(relativePath)) return { status: 404, headers: {} };
    let bytes: Uint8Array;
    try {
      bytes = await this.capture(relativePath);
    } catch (e) {
      return { status: 404, headers: { 'X-Cairn-Problem': (e as Error).message.slice(0, 500).replace(/[^\x20-\x7e]/g, '?') } };
    }
    const base = { 'Content-Type': contentTypeFor(relativePath), 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache' };
    const decision = decideRange(range, bytes.byteLength);
    if (decision.kind === 'unsatisfiable') return { status: 416, headers: { ...base, 'Content-Range': `bytes */${bytes.byteLength}`, 'Content-Length': '0' } };
    const head = method === 'HEAD';
    if (decision.kind === 'full') return { status: 200, headers: { ...base, 'Content-Length': String(bytes.byteLength) }, body: head ? undefined : Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]) };
    const { start, end } = decision.range;
    const part = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start + 1);
    return { status: 206, headers: { ...base, 'Content-Range': `bytes ${start}-${end}/${bytes.byteLength}`, 'Content-Length': String(part.byteLength) }, body: head ? undefined : Readable.from([part]) };
  }

  /** The capture's bytes, for readers in the host (fit to point, models) that take a source. */
  source(relativePath: string): ByteSource | null {
    if (!POINTER.test(relativePath)) return null;
    const name = `${this.label}#${relativePath}`;
    return {
      name,
      size: async () => (await this.capture(relativePath)).byteLength,
      read: async (offset, length) => {
        const bytes = await this.capture(relativePath);
        return bytes.subarray(Math.max(0, offset), Math.min(bytes.byteLength, offset + length));
      },
    };
  }

  /** The served file of a capture path, decoded once and kept while the cache has room. */
  capture(relativePath: string): Promise<Uint8Array> {
    const cached = this.cache.get(relativePath);
    if (cached) {
      // Most recently used last, so the oldest goes first.
      this.cache.delete(relativePath);
      this.cache.set(relativePath, cached);
      return cached;
    }
    const together = this.frameOf(relativePath).filter((p) => p === relativePath || (POINTER.test(p) && !this.cache.has(p)));
    const read = this.read(together);
    for (const p of together) {
      const made = read.then((all) => {
        const bytes = all.get(p);
        if (bytes instanceof Uint8Array) {
          this.sizes.set(p, bytes.byteLength);
          this.cachedBytes += bytes.byteLength;
          this.evict(relativePath);
          return bytes;
        }
        throw bytes ?? new Error(`${this.label}: no message for ${p}`);
      });
      made.catch(() => {
        if (this.cache.get(p) === made) this.cache.delete(p);
      });
      this.cache.set(p, made);
    }
    return this.cache.get(relativePath)!;
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.cache.clear();
    await this.closeLog();
  }

  private evict(keep: string): void {
    for (const key of this.cache.keys()) {
      if (this.cachedBytes <= CACHE_BYTES) break;
      if (key === keep || !this.sizes.has(key)) continue;
      this.cachedBytes -= this.sizes.get(key)!;
      this.sizes.delete(key);
      this.cache.delete(key);
    }
  }

  /** Closes the log's files after a while unread, so an open scene holds no file handles while nobody steps it. */
  private idleClose(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.reading > 0) this.idleClose(); // a slow read under way: wait for it
      else void this.closeLog();
    }, IDLE_CLOSE_MS);
    this.idle.unref();
  }

  private async closeLog(): Promise<void> {
    const log = this.log;
    this.log = null;
    if (log) await (await log.catch(() => null))?.close();
  }

  private openLog(): Promise<RobotLog> {
    this.idleClose();
    if (!this.log) {
      const open = this.format === 'mcap' ? openMcapLog : openRosbagLog;
      this.log = Promise.all(this.sources().map((s) => open(s))).then((logs) => concatLogs(this.label, logs));
      this.log.catch(() => {
        this.log = null; // a server down for a moment: the next request tries again
      });
    }
    return this.log;
  }

  /** The captures' files, read in one pass over their topics between their first and last log time; a capture that fails gets its error. */
  private async read(paths: readonly string[]): Promise<Map<string, Uint8Array | Error>> {
    this.reading++;
    try {
      return await this.readOnce(paths);
    } finally {
      this.reading--;
    }
  }

  private async readOnce(paths: readonly string[]): Promise<Map<string, Uint8Array | Error>> {
    const log = await this.openLog();
    const out = new Map<string, Uint8Array | Error>();
    const wanted = new Map<string, { path: string; extension: string }>();
    for (const p of paths) {
      const [, time, topicPath, extension] = POINTER.exec(p)!;
      const topic = [`/${topicPath}`, topicPath].find((t) => log.topics.some((x) => x.topic === t));
      if (!topic) out.set(p, new Error(`${this.label}: no topic /${topicPath} in the log`));
      else wanted.set(`${topic}|${time}`, { path: p, extension });
    }
    if (wanted.size === 0) return out;
    const times = [...wanted.keys()].map((k) => BigInt(k.slice(k.lastIndexOf('|') + 1)));
    const start = times.reduce((a, b) => (b < a ? b : a));
    const end = times.reduce((a, b) => (b > a ? b : a));
    const topics = [...new Set([...wanted.keys()].map((k) => k.slice(0, k.lastIndexOf('|'))))];
    for await (const m of log.read(topics, { start, end })) {
      const key = `${m.topic}|${m.logTime}`;
      const want = wanted.get(key);
      if (!want || out.has(want.path)) continue;
      out.set(want.path, this.converted(m.type, m.message, `${m.topic} at log time ${m.logTime}`, want.extension));
    }
    for (const [key, want] of wanted) {
      if (out.has(want.path)) continue;
      const topic = key.slice(0, key.lastIndexOf('|'));
      const why = log.undecodable.get(topic);
      out.set(want.path, new Error(`${this.label}: no message of ${topic} at log time ${key.slice(topic.length + 1)}${why ? ` (${why})` : ''}`));
    }
    return out;
  }

  /** A message as the file the viewer reads, or the reason it cannot be. */
  private converted(type: string, message: unknown, where: string, extension: string): Uint8Array | Error {
    try {
      if (IMAGE_TYPES.has(type)) {
        const image = imageFileFromMessage(type, message);
        if (image.extension !== extension) return new Error(`${this.label}: ${where} is a ${image.extension.toUpperCase()} image, not ${extension.toUpperCase()}`);
        return image.bytes;
      }
      return encodeCloudPcd(decodePointCloud2(asPointCloud2(type, message, where), where));
    } catch (e) {
      return new Error(`${this.label}: ${where}: ${(e as Error).message}`);
    }
  }
}
