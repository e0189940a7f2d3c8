import { crc32 } from 'node:zlib';
import { McapStreamReader, type McapIndexedReader, type McapTypes } from '@mcap/core';
import type { ByteSource } from '../../../core/io/byteSource';
import type { MessageAt } from './robotLog';

/** Decompressed chunks kept per log: consecutive frames share chunks, so a step mostly finds one of its chunks here. */
export const DECOMPRESSED_CHUNKS_BYTES = 32 << 20;

/** Chunks whose parsed message indexes are kept (a few KiB each). */
const INDEXED_CHUNKS = 1024;

const OP_MESSAGE = 0x05;
const OP_CHUNK = 0x06;

/** Decompresses a chunk's records: `compression` as the chunk names it ("zstd", "lz4", "bz2"), to exactly `size` bytes. */
export type ChunkDecompress = (compression: string, data: Uint8Array, size: number) => Promise<Uint8Array>;

/** One message found through the indexes: its channel, log time and payload (a view into the decompressed chunk). */
export interface RawMessageAt {
  readonly wanted: number;
  readonly channelId: number;
  readonly logTime: bigint;
  readonly data: Uint8Array;
}

/**
 * Messages by exact (topic, log time), through the chunk index and the message index records
 * after each chunk: only the chunks holding them are read and decompressed, and the decompressed
 * chunks are kept (bounded by bytes) so the next frame, which usually shares a chunk with this
 * one, does not decompress it again. A chunk being loaded is shared by every read that wants it.
 */
export class McapMessagesAt {
  private readonly chunks = new Map<bigint, Promise<Uint8Array>>();
  private readonly chunkBytes = new Map<bigint, number>();
  private held = 0;
  private readonly indexes = new Map<bigint, Promise<Map<number, (readonly [bigint, bigint])[]>>>();
  private readonly channelsOf = new Map<string, number[]>();

  constructor(
    private readonly reader: McapIndexedReader,
    private readonly source: ByteSource,
    private readonly decompress: ChunkDecompress,
    private readonly cacheBytes = DECOMPRESSED_CHUNKS_BYTES,
  ) {
    for (const channel of reader.channelsById.values()) this.channelsOf.set(channel.topic, [...(this.channelsOf.get(channel.topic) ?? []), channel.id]);
  }

  /**
   * The first message of each wanted topic at its log time, in the order wanted (absent when the
   * log has none there). An aborted read stops before its next chunk load; a load already under
   * way completes into the cache, so nothing half-done is left for the next read.
   */
  async read(wanted: readonly MessageAt[], signal?: AbortSignal): Promise<RawMessageAt[]> {
    const located = await Promise.all(wanted.map((w) => this.locate(w)));
    const byChunk = new Map<McapTypes.ChunkIndex, { wanted: number; offset: bigint }[]>();
    located.forEach((at, i) => {
      if (at) byChunk.set(at.chunk, [...(byChunk.get(at.chunk) ?? []), { wanted: i, offset: at.offset }]);
    });
    const out: RawMessageAt[] = [];
    await Promise.all(
      [...byChunk].map(async ([chunk, hits]) => {
        signal?.throwIfAborted();
        const records = await this.records(chunk);
        for (const hit of hits) {
          const m = messageRecord(records, Number(hit.offset), chunk);
          if (m.logTime !== wanted[hit.wanted].logTime) throw new Error(`message index says log time ${wanted[hit.wanted].logTime} at offset ${hit.offset} of the chunk at ${chunk.chunkStartOffset}, the record says ${m.logTime}`);
          out.push({ wanted: hit.wanted, ...m });
        }
      }),
    );
    return out.sort((a, b) => a.wanted - b.wanted);
  }

  /** The chunk and offset in it of a topic's message at a log time, from the message indexes. */
  private async locate(w: MessageAt): Promise<{ chunk: McapTypes.ChunkIndex; offset: bigint } | null> {
    const ids = this.channelsOf.get(w.topic) ?? [];
    for (const chunk of this.reader.chunkIndexes) {
      if (chunk.messageStartTime > w.logTime || chunk.messageEndTime < w.logTime) continue;
      if (!ids.some((id) => chunk.messageIndexOffsets.has(id))) continue;
      const index = await this.indexOf(chunk);
      for (const id of ids) {
        const entry = index.get(id)?.find(([t]) => t === w.logTime);
        if (entry) return { chunk, offset: entry[1] };
      }
    }
    return null;
  }

  /** Every channel's (log time, offset) records after a chunk, read once (one small read) and kept. */
  private indexOf(chunk: McapTypes.ChunkIndex): Promise<Map<number, (readonly [bigint, bigint])[]>> {
    const key = chunk.chunkStartOffset;
    let index = this.indexes.get(key);
    if (!index) {
      index = this.readIndex(chunk);
      index.catch(() => {
        if (this.indexes.get(key) === index) this.indexes.delete(key);
      });
      this.indexes.set(key, index);
      for (const k of this.indexes.keys()) {
        if (this.indexes.size <= INDEXED_CHUNKS) break;
        this.indexes.delete(k);
      }
    }
    return index;
  }

  private async readIndex(chunk: McapTypes.ChunkIndex): Promise<Map<number, (readonly [bigint, bigint])[]>> {
    // The message index records follow the chunk, one per channel.
    const bytes = await this.readExactly(Number(chunk.chunkStartOffset + chunk.chunkLength), Number(chunk.messageIndexLength));
    const records = new McapStreamReader({ noMagicPrefix: true, validateCrcs: false });
    records.append(bytes);
    const out = new Map<number, (readonly [bigint, bigint])[]>();
    for (let record = records.nextRecord(); record; record = records.nextRecord()) {
      if (record.type === 'MessageIndex') out.set(record.channelId, record.records);
    }
    return out;
  }

  /** A chunk's records, decompressed and CRC-checked, from the cache or read now. */
  private records(chunk: McapTypes.ChunkIndex): Promise<Uint8Array> {
    const key = chunk.chunkStartOffset;
    const kept = this.chunks.get(key);
    if (kept) {
      // Most recently used last, so the oldest goes first.
      this.chunks.delete(key);
      this.chunks.set(key, kept);
      return kept;
    }
    const load = this.loadChunk(chunk);
    if (Number(chunk.uncompressedSize) > this.cacheBytes / 2) return load; // too big to keep beside the next one
    this.chunks.set(key, load);
    this.chunkBytes.set(key, Number(chunk.uncompressedSize));
    this.held += Number(chunk.uncompressedSize);
    load.catch(() => this.forget(key, load));
    for (const k of this.chunks.keys()) {
      if (this.held <= this.cacheBytes) break;
      if (k !== key) this.forget(k, this.chunks.get(k)!);
    }
    return load;
  }

  private forget(key: bigint, load: Promise<Uint8Array>): void {
    if (this.chunks.get(key) !== load) return;
    this.chunks.delete(key);
    this.held -= this.chunkBytes.get(key) ?? 0;
    this.chunkBytes.delete(key);
  }

  private async loadChunk(chunk: McapTypes.ChunkIndex): Promise<Uint8Array> {
    const bytes = await this.readExactly(Number(chunk.chunkStartOffset), Number(chunk.chunkLength));
    const { uncompressedSize, uncompressedCrc, compression, records } = chunkRecord(bytes, chunk);
    const data = compression === '' ? records : await this.decompress(compression, records, uncompressedSize);
    if (data.byteLength !== uncompressedSize) throw new Error(`the chunk at ${chunk.chunkStartOffset} decompresses to ${data.byteLength} bytes, its record says ${uncompressedSize}`);
    if (uncompressedCrc !== 0 && crc32(data) >>> 0 !== uncompressedCrc) throw new Error(`the chunk at ${chunk.chunkStartOffset} fails its CRC (corrupt?)`);
    return data;
  }

  private async readExactly(offset: number, length: number): Promise<Uint8Array> {
    const bytes = await this.source.read(offset, length);
    if (bytes.byteLength < length) throw new Error(`the file ends at byte ${offset + bytes.byteLength}, ${length} bytes were wanted from byte ${offset} (truncated?)`);
    return bytes;
  }
}

/** The fields of a Chunk record read whole (opcode, length, then its content); the records are a view, not a copy. */
function chunkRecord(bytes: Uint8Array, chunk: McapTypes.ChunkIndex) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (why: string) => new Error(`the chunk at ${chunk.chunkStartOffset}: ${why}`);
  if (bytes[0] !== OP_CHUNK) throw bad(`not a chunk record (opcode ${bytes[0]})`);
  let at = 9 + 16; // opcode, record length, message start and end times
  const uncompressedSize = Number(view.getBigUint64(at, true));
  const uncompressedCrc = view.getUint32(at + 8, true);
  const nameLength = view.getUint32(at + 12, true);
  at += 16;
  if (at + nameLength + 8 > bytes.byteLength) throw bad('record cut short');
  const compression = new TextDecoder().decode(bytes.subarray(at, at + nameLength));
  at += nameLength;
  const recordsLength = Number(view.getBigUint64(at, true));
  at += 8;
  if (at + recordsLength > bytes.byteLength) throw bad('records cut short');
  return { uncompressedSize, uncompressedCrc, compression, records: bytes.subarray(at, at + recordsLength) };
}

/** The Message record at an offset of a chunk's records; its payload is a view into them. */
function messageRecord(records: Uint8Array, offset: number, chunk: McapTypes.ChunkIndex): { channelId: number; logTime: bigint; data: Uint8Array } {
  const bad = (why: string) => new Error(`the chunk at ${chunk.chunkStartOffset}, offset ${offset}: ${why}`);
  if (offset + 9 + 22 > records.byteLength) throw bad('beyond the chunk');
  if (records[offset] !== OP_MESSAGE) throw bad(`not a message record (opcode ${records[offset]})`);
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const end = offset + 9 + Number(view.getBigUint64(offset + 1, true));
  if (end > records.byteLength) throw bad('message cut short');
  const start = offset + 9;
  return { channelId: view.getUint16(start, true), logTime: view.getBigUint64(start + 6, true), data: records.subarray(start + 22, end) };
}
