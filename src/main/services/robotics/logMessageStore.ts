import { Readable } from 'node:stream';
import type { ByteSource } from '../../../core/io/byteSource';
import { encodeCloudPcd } from '../../../core/robotics/cloudPcd';
import { decodePointCloud2 } from '../../../core/robotics/pointCloud2';
import { asPointCloud2 } from '../../import/robotics/cloudMessages';
import { imageFileFromMessage } from '../../import/robotics/imageMessages';
import { openMcapLog } from '../../import/robotics/mcapLog';
import { concatLogs, type RobotLog } from '../../import/robotics/robotLog';
import { openRosbagLog } from '../../import/robotics/rosbagLog';
import { openSqliteBagFile } from '../../import/robotics/sqliteBagLog';
import { IMAGE_TYPES } from '../../import/robotics/topicRoles';
import { contentTypeFor, decideRange } from '../stores/byteRange';
import type { DataStore } from '../stores/dataStore';
import type { FileResponse } from '../stores/fileResponse';

/** A scene's frames by capture path, in order. */
export interface LogFrames {
  readonly count: number;
  /** The frame a capture path belongs to. */
  indexOf(relativePath: string): number | undefined;
  /** Every capture path of a frame. */
  captures(index: number): readonly string[];
}

const singleCaptures: LogFrames = { count: 0, indexOf: () => undefined, captures: () => [] };

export interface LogStoreOptions {
  /** Read the frame after the one asked for, in the direction of stepping (default true). */
  readonly prefetch?: boolean;
  /**
   * Read a frame's messages by their exact log times through the log's message indexes, with
   * decompressed chunks kept (default true, where the log has message indexes); false reads
   * the frame's topics over its time span, each chunk decompressed anew (the way before, for
   * benches).
   */
  readonly indexedReads?: boolean;
  /**
   * Where zstd chunks are decompressed for indexed reads (default: this thread). Measured side by
   * side (bench/robotics/openInPlace.bench.ts) a worker gains nothing: the event loop's longest
   * stall in a step is the sweep's conversion to PCD, not the chunk's decompression.
   */
  readonly decompressIn?: 'worker' | 'thread';
}

/** What the store keeps of the captures it served last, so a range read or a revisit does not decode again. */
const CACHE_BYTES = 96 << 20;

const IDLE_CLOSE_MS = 20_000;

/** A prefetch further than this from the frame asked for is stale (the viewer jumped): it is cancelled. */
const PREFETCH_REACH = 2;

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

  /** The frame last asked for from outside (not by a prefetch), to tell the direction of stepping. */
  private lastFrame: number | null = null;
  /** The one prefetch under way: the frame, its paths, and how to stop it. */
  private prefetching: { index: number; paths: ReadonlySet<string>; abort: AbortController; entries: Map<string, Promise<Uint8Array>> } | null = null;
  private readonly prefetches = new Set<Promise<void>>();
  private readonly options: Required<LogStoreOptions>;

  constructor(
    readonly id: string,
    readonly kind: DataStore['kind'],
    readonly label: string,
    private readonly format: RobotLog['format'],
    /** Each file of the log as a source, opened when the first capture is asked for. */
    private readonly sources: () => ByteSource[],
    /**
     * The scene's frames as capture paths: a frame's captures are read together, in one pass over
     * the chunk that usually holds them all, instead of decompressing it once per sensor; and the
     * frame after the one asked for, in the direction of stepping, is read ahead.
     */
    private readonly frames: LogFrames = singleCaptures,
    options: LogStoreOptions = {},
  ) {
    this.options = { prefetch: true, indexedReads: true, decompressIn: 'thread', ...options };
  }

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

  /** The served file of a capture path, decoded once and kept while the cache has room; the next frame is read ahead. */
  capture(relativePath: string): Promise<Uint8Array> {
    const bytes = this.captureOf(relativePath);
    if (this.prefetching?.paths.has(relativePath)) this.prefetching = null; // asked for now: no longer to be cancelled
    this.steppedTo(relativePath);
    return bytes;
  }

  /**
   * Resolves once no prefetch is under way (those running have finished or been cancelled): for
   * tests and benches that look at what a prefetch left.
   */
  async prefetchSettled(): Promise<void> {
    while (this.prefetches.size > 0) await Promise.all([...this.prefetches]);
  }

  private captureOf(relativePath: string, signal?: AbortSignal): Promise<Uint8Array> {
    const cached = this.cache.get(relativePath);
    if (cached) {
      // Most recently used last, so the oldest goes first.
      this.cache.delete(relativePath);
      this.cache.set(relativePath, cached);
      return cached;
    }
    const index = this.frames.indexOf(relativePath);
    const together = (index === undefined ? [relativePath] : this.frames.captures(index)).filter((p) => p === relativePath || (POINTER.test(p) && !this.cache.has(p)));
    const read = this.read(together, signal);
    for (const p of together) {
      const made: Promise<Uint8Array> = read.then((all) => {
        const bytes = all.get(p);
        if (bytes instanceof Uint8Array) {
          if (this.cache.get(p) === made) {
            // Still held (not dropped by a cancelled prefetch or a close meanwhile): counted.
            this.sizes.set(p, bytes.byteLength);
            this.cachedBytes += bytes.byteLength;
            this.evict(relativePath);
          }
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

  /**
   * After a capture of frame k is asked for, one step from the frame asked for before: frame
   * k ± 1 is read ahead in that direction. One prefetch runs at a time; a newer one, or a jump
   * that leaves it behind, cancels it (it stops before its next chunk, and what it had not served
   * is dropped).
   */
  private steppedTo(relativePath: string): void {
    const index = this.frames.indexOf(relativePath);
    if (index === undefined || !this.options.prefetch) return;
    const from = this.lastFrame;
    this.lastFrame = index;
    if (from === null || from === index) return;
    if (this.prefetching && Math.abs(this.prefetching.index - index) > PREFETCH_REACH) this.cancelPrefetch();
    if (Math.abs(index - from) !== 1) return; // a jump, not a step: no direction to read ahead in
    const next = index + (index - from);
    if (next < 0 || next >= this.frames.count || this.prefetching?.index === next) return;
    const paths = this.frames.captures(next).filter((p) => POINTER.test(p) && !this.cache.has(p));
    if (paths.length === 0) return;
    this.cancelPrefetch();
    const abort = new AbortController();
    const done = this.captureOf(paths[0], abort.signal).then(
      () => undefined,
      () => undefined, // a prefetch that failed or was cancelled leaves nothing: the next direct read tries again
    );
    const prefetch = { index: next, paths: new Set(paths), abort, entries: new Map(paths.map((p) => [p, this.cache.get(p)!])) };
    this.prefetching = prefetch;
    this.prefetches.add(done);
    void done.then(() => {
      this.prefetches.delete(done);
      if (this.prefetching === prefetch) this.prefetching = null;
    });
  }

  /** Stops the prefetch and drops the captures it has not served yet, so a direct read of them starts afresh. */
  private cancelPrefetch(): void {
    const prefetch = this.prefetching;
    if (!prefetch) return;
    this.prefetching = null;
    prefetch.abort.abort();
    for (const [p, entry] of prefetch.entries) if (this.cache.get(p) === entry && !this.sizes.has(p)) this.cache.delete(p);
  }

  async close(): Promise<void> {
    this.cancelPrefetch();
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
      const open = async (s: ByteSource): Promise<RobotLog> => {
        if (this.format === 'mcap') return openMcapLog(s, { decompressIn: this.options.decompressIn });
        if (this.format === 'rosbag') return openRosbagLog(s);
        // SQLite reads a file through its own handle: a .db3 bag is read where it lies, on this machine.
        if (this.kind !== 'local') throw new Error(`${s.name}: a rosbag2 sqlite3 (.db3) file is read on this machine only, not from ${this.kind}`);
        return openSqliteBagFile(s.name);
      };
      this.log = Promise.all(this.sources().map(open)).then((logs) => concatLogs(this.label, logs));
      this.log.catch(() => {
        this.log = null; // a server down for a moment: the next request tries again
      });
    }
    return this.log;
  }

  /** The captures' files, read in one pass over their topics between their first and last log time; a capture that fails gets its error. */
  private async read(paths: readonly string[], signal?: AbortSignal): Promise<Map<string, Uint8Array | Error>> {
    this.reading++;
    try {
      return await this.readOnce(paths, signal);
    } finally {
      this.reading--;
    }
  }

  private async readOnce(paths: readonly string[], signal?: AbortSignal): Promise<Map<string, Uint8Array | Error>> {
    const log = await this.openLog();
    signal?.throwIfAborted();
    const out = new Map<string, Uint8Array | Error>();
    const wanted = new Map<string, { path: string; extension: string; topic: string; logTime: bigint }>();
    for (const p of paths) {
      const [, time, topicPath, extension] = POINTER.exec(p)!;
      const topic = [`/${topicPath}`, topicPath].find((t) => log.topics.some((x) => x.topic === t));
      if (!topic) out.set(p, new Error(`${this.label}: no topic /${topicPath} in the log`));
      else wanted.set(`${topic}|${time}`, { path: p, extension, topic, logTime: BigInt(time) });
    }
    if (wanted.size === 0) return out;
    const found: { key: string; type: string; message: unknown }[] = [];
    if (log.readAt && this.options.indexedReads) {
      const list = [...wanted];
      for (const m of await log.readAt(list.map(([, w]) => w), signal)) found.push({ key: list[m.wanted][0], type: m.type, message: m.message });
    } else {
      const times = [...wanted.values()].map((w) => w.logTime);
      const start = times.reduce((a, b) => (b < a ? b : a));
      const end = times.reduce((a, b) => (b > a ? b : a));
      const topics = [...new Set([...wanted.values()].map((w) => w.topic))];
      for await (const m of log.read(topics, { start, end })) found.push({ key: `${m.topic}|${m.logTime}`, type: m.type, message: m.message });
    }
    for (const { key, type, message } of found) {
      const want = wanted.get(key);
      if (!want || out.has(want.path)) continue;
      signal?.throwIfAborted(); // a cancelled prefetch converts nothing more
      out.set(want.path, this.converted(type, message, `${want.topic} at log time ${want.logTime}`, want.extension));
    }
    for (const want of wanted.values()) {
      if (out.has(want.path)) continue;
      const why = log.undecodable.get(want.topic);
      out.set(want.path, new Error(`${this.label}: no message of ${want.topic} at log time ${want.logTime}${why ? ` (${why})` : ''}`));
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
