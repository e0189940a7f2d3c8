import zstd from '@foxglove/wasm-zstd';
import { McapIndexedReader, McapStreamReader, type IReadable, type McapTypes } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';
import type { ByteSource } from '../../../core/io/byteSource';
import { workerChunkDecompress } from './chunkDecompressWorker';
import { McapMessagesAt, type ChunkDecompress } from './mcapMessagesAt';
import { decoderFor, type Decode } from './messageDecoders';
import { decodeOrNote, mergeTopics, rosTypeName, type LogMessage, type ReadRange, type RobotLog } from './robotLog';

/** How much of a log's recent reads is kept: a chunk holding several sensors' messages is read once for all of them. */
const RECENT_READS_BYTES = 32 << 20;

/**
 * A ByteSource (file, HTTP range requests, S3) as the range reads McapIndexedReader makes; the
 * last reads are kept (the reader asks for a chunk by the same offset and length each time).
 */
export function mcapReadable(source: ByteSource): IReadable {
  const recent = new Map<string, Promise<Uint8Array>>();
  const sizes = new Map<string, number>();
  let held = 0;
  const fetch = async (offset: bigint, size: bigint) => {
    const bytes = await source.read(Number(offset), Number(size));
    if (bytes.byteLength < Number(size)) throw new Error(`${source.name}: the file ends at byte ${Number(offset) + bytes.byteLength}, ${size} bytes were wanted from byte ${offset} (truncated?)`);
    return bytes;
  };
  return {
    size: async () => BigInt(await source.size()),
    read: (offset, size) => {
      const key = `${offset}+${size}`;
      const kept = recent.get(key);
      if (kept) {
        recent.delete(key);
        recent.set(key, kept);
        return kept;
      }
      if (Number(size) > RECENT_READS_BYTES / 4) return fetch(offset, size);
      const read = fetch(offset, size);
      recent.set(key, read);
      sizes.set(key, Number(size));
      held += Number(size);
      for (const [k] of recent) {
        if (held <= RECENT_READS_BYTES || k === key) break;
        held -= sizes.get(k)!;
        sizes.delete(k);
        recent.delete(k);
      }
      read.catch(() => {
        if (recent.get(key) === read) {
          recent.delete(key);
          held -= sizes.get(key) ?? 0;
          sizes.delete(key);
        }
      });
      return read;
    },
  };
}

/**
 * Opens an indexed MCAP through its summary (footer → summary section → chunk indexes,
 * channels, schemas, statistics); zstd / lz4 / bz2 chunks decompress through @mcap/support.
 * A file without a summary (written unindexed, or cut short) is refused with the reason.
 */
export interface McapLogOptions {
  /**
   * Where readAt decompresses zstd chunks: on a worker thread shared by the process (the host's
   * event loop stays free while a frame is read) or on this thread. Default: this thread.
   */
  readonly decompressIn?: 'worker' | 'thread';
}

let sharedWorker: ReturnType<typeof workerChunkDecompress> | null = null;

export async function openMcapLog(source: ByteSource & { close?(): Promise<void> }, options: McapLogOptions = {}): Promise<RobotLog> {
  let reader: McapIndexedReader;
  const readable = mcapReadable(source);
  const handlers = await loadDecompressHandlers();
  try {
    reader = await McapIndexedReader.Initialize({ readable, decompressHandlers: handlers });
  } catch (e) {
    throw new Error(`${source.name}: not a readable indexed MCAP file: ${(e as Error).message}`);
  }
  const counts = reader.statistics?.channelMessageCounts;
  const topics = mergeTopics(
    [...reader.channelsById.values()].map((channel) => ({
      topic: channel.topic,
      type: rosTypeName(reader.schemasById.get(channel.schemaId)?.name ?? '(no schema)'),
      encoding: channel.messageEncoding,
      count: Number(counts?.get(channel.id) ?? 0n),
    })),
  );
  const decoders = new Map<number, Decode | string>();
  const undecodable = new Map<string, string>();
  const decoderOf = (channelId: number): Decode | string => {
    let decoder = decoders.get(channelId);
    if (decoder === undefined) {
      const channel = reader.channelsById.get(channelId)!;
      const schema = reader.schemasById.get(channel.schemaId);
      try {
        decoder = schema ? decoderFor(channel.messageEncoding, schema.encoding, schema.data) : 'the channel has no schema';
      } catch (e) {
        decoder = (e as Error).message;
      }
      decoders.set(channelId, decoder);
    }
    return decoder;
  };
  const inThread = await inThreadDecompress(handlers);
  const messagesAt = new McapMessagesAt(reader, source, options.decompressIn === 'worker' ? (sharedWorker ??= workerChunkDecompress(inThread)) : inThread);
  return {
    name: source.name,
    files: [source.name],
    format: 'mcap',
    topics,
    undecodable,
    readAt: async (wanted, signal) => {
      try {
        const out = [];
        for (const raw of await messagesAt.read(wanted, signal)) {
          const channel = reader.channelsById.get(raw.channelId)!;
          const type = rosTypeName(reader.schemasById.get(channel.schemaId)?.name ?? '');
          const decoded = decodeOrNote(undecodable, channel.topic, type, raw.logTime, decoderOf(raw.channelId), raw.data);
          if (decoded) out.push({ wanted: raw.wanted, topic: channel.topic, type, logTime: raw.logTime, message: decoded.message });
        }
        return out;
      } catch (e) {
        if (signal?.aborted && e === signal.reason) throw e;
        throw new Error(`${source.name}: ${(e as Error).message}`);
      }
    },
    async *read(wanted: readonly string[], range: ReadRange = {}): AsyncIterable<LogMessage> {
      if (wanted.length === 0) return;
      try {
        for await (const record of reader.readMessages({ topics: wanted, startTime: range.start, endTime: range.end, validateCrcs: true })) {
          const channel = reader.channelsById.get(record.channelId)!;
          const type = rosTypeName(reader.schemasById.get(channel.schemaId)?.name ?? '');
          const decoded = decodeOrNote(undecodable, channel.topic, type, record.logTime, decoderOf(record.channelId), record.data);
          if (!decoded) continue;
          yield { topic: channel.topic, type, logTime: record.logTime, message: decoded.message };
        }
      } catch (e) {
        throw new Error(`${source.name}: ${(e as Error).message}`);
      }
    },
    messageTimes: async (wanted) => {
      try {
        return await indexedTimes(reader, readable, wanted);
      } catch (e) {
        throw new Error(`${source.name}: ${(e as Error).message}`);
      }
    },
    close: async () => {
      await source.close?.();
    },
  };
}

/**
 * Chunk decompression on this thread: zstd straight through the WebAssembly decoder (one copy out
 * of its heap, where @mcap/support's handler makes a second), lz4 and bz2 through @mcap/support.
 */
async function inThreadDecompress(handlers: Awaited<ReturnType<typeof loadDecompressHandlers>>): Promise<ChunkDecompress> {
  await zstd.isLoaded;
  return async (compression, data, size) => {
    if (compression === 'zstd') return zstd.decompress(data, size);
    const handler = (handlers as Record<string, ((data: Uint8Array, size: bigint) => Uint8Array) | undefined>)[compression];
    if (!handler) throw new Error(`unsupported chunk compression ${compression}`);
    return handler(data, BigInt(size));
  };
}

/** How many message-index reads are in flight at once (each a small range request over HTTP / S3). */
const INDEX_READS_IN_FLIGHT = 8;

/**
 * Every message log time of the topics, from the message index records after each chunk that
 * holds them: one small range read per chunk, no chunk read or decompressed.
 */
async function indexedTimes(reader: McapIndexedReader, readable: IReadable, wanted: readonly string[]): Promise<Map<string, bigint[]>> {
  const topicOf = new Map<number, string>();
  for (const channel of reader.channelsById.values()) if (wanted.includes(channel.topic)) topicOf.set(channel.id, channel.topic);
  const out = new Map<string, bigint[]>(wanted.map((t) => [t, []]));
  const chunks = reader.chunkIndexes.filter((c) => [...c.messageIndexOffsets.keys()].some((id) => topicOf.has(id)));
  let next = 0;
  const work = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      for (const index of await messageIndexesOf(readable, chunk, topicOf)) {
        const times = out.get(topicOf.get(index.channelId)!)!;
        for (const [logTime] of index.records) times.push(logTime);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(INDEX_READS_IN_FLIGHT, chunks.length) }, work));
  for (const times of out.values()) times.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return out;
}

/** The message index records of the wanted channels after one chunk, parsed by @mcap/core's record reader. */
async function messageIndexesOf(readable: IReadable, chunk: McapTypes.ChunkIndex, channels: Map<number, unknown>): Promise<McapTypes.MessageIndex[]> {
  const offsets = [...chunk.messageIndexOffsets];
  const sectionStart = offsets.reduce((m, [, o]) => (o < m ? o : m), offsets[0][1]);
  const wantedStart = offsets.filter(([id]) => channels.has(id)).reduce((m, [, o]) => (o < m ? o : m), sectionStart + chunk.messageIndexLength);
  const end = sectionStart + chunk.messageIndexLength;
  const bytes = await readable.read(wantedStart, end - wantedStart);
  const records = new McapStreamReader({ noMagicPrefix: true, validateCrcs: false });
  records.append(bytes);
  const found: McapTypes.MessageIndex[] = [];
  for (let record = records.nextRecord(); record; record = records.nextRecord()) {
    if (record.type === 'MessageIndex' && channels.has(record.channelId)) found.push(record);
  }
  return found;
}
