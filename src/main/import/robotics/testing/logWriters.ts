import { promises as fs } from 'node:fs';
import { McapWriter, type IWritable, type McapWriterOptions } from '@mcap/core';
import zstd from '@foxglove/wasm-zstd';
import { fullDefinition, writerFor, type Dialect } from './rosDefinitions';
import { lz4StoredFrame } from './lz4Frame';

/** Test support: one message a fixture log holds, before serialisation. */
export interface FixtureMessage {
  readonly topic: string;
  readonly type: string;
  readonly logTime: bigint;
  readonly message: unknown;
}

export type ChunkCompression = 'none' | 'zstd' | 'lz4';

/**
 * An indexed MCAP written with @mcap/core's McapWriter: ROS 1 ("ros1" / ros1msg) or ROS 2
 * ("cdr" / ros2msg) encodings, chunks compressed as asked (small chunks, so there are several).
 */
export async function writeMcap(file: string, dialect: Dialect, messages: readonly FixtureMessage[], compression: ChunkCompression = 'zstd'): Promise<void> {
  const parts: Uint8Array[] = [];
  let position = 0n;
  const writable: IWritable = {
    position: () => position,
    write: async (buffer) => {
      parts.push(buffer.slice());
      position += BigInt(buffer.byteLength);
    },
  };
  await writeMcapTo(writable, dialect, messages, { compression, chunkSize: 64 * 1024 });
  await fs.writeFile(file, Buffer.concat(parts));
}

/**
 * The same into any writable, message by message from any iterable (a bench streams a large log
 * to disk this way), stopping early once `stopAt` bytes are written.
 */
export async function writeMcapTo(
  writable: IWritable,
  dialect: Dialect,
  messages: Iterable<FixtureMessage>,
  options: { compression: ChunkCompression; chunkSize: number; zstdLevel?: number; stopAt?: bigint },
): Promise<void> {
  await zstd.isLoaded;
  const { compression } = options;
  const writer = new McapWriter({
    writable,
    chunkSize: options.chunkSize,
    compressChunk:
      compression === 'none'
        ? undefined
        : (data) => ({ compression, compressedData: compression === 'zstd' ? new Uint8Array(zstd.compress(data, options.zstdLevel ?? 3)) : lz4StoredFrame(data) }),
  });
  await writer.start({ profile: dialect, library: 'cairn tests' });
  const channels = new Map<string, number>();
  const writers = new Map<string, (m: unknown) => Uint8Array>();
  for (const m of messages) {
    let channelId = channels.get(m.topic);
    if (channelId === undefined) {
      const schemaName = dialect === 'ros2' ? m.type.replace('/', '/msg/') : m.type;
      const schemaId = await writer.registerSchema({ name: schemaName, encoding: dialect === 'ros1' ? 'ros1msg' : 'ros2msg', data: new TextEncoder().encode(fullDefinition(m.type, dialect)) });
      channelId = await writer.registerChannel({ topic: m.topic, schemaId, messageEncoding: dialect === 'ros1' ? 'ros1' : 'cdr', metadata: new Map() });
      channels.set(m.topic, channelId);
      writers.set(m.topic, writerFor(m.type, dialect));
    }
    await writer.addMessage({ channelId, sequence: 0, logTime: m.logTime, publishTime: m.logTime, data: writers.get(m.topic)!(m.message) });
    if (options.stopAt !== undefined && writable.position() >= options.stopAt) break;
  }
  await writer.end();
}

/**
 * A ROS 1 bag v2.0 (the reading library has no writer): the bag header record padded to 4 KB,
 * one chunk per `chunkSize` messages with its connection and message-data records and an index
 * record per connection after it, then the index section (connections, chunk infos).
 */
export async function writeRosbag(file: string, messages: readonly FixtureMessage[], compression: 'none' | 'lz4' = 'none', chunkSize = 50): Promise<void> {
  const out: Uint8Array[] = [Buffer.from('#ROSBAG V2.0\n')];
  let length = out[0].length;
  const push = (bytes: Uint8Array) => {
    out.push(bytes);
    length += bytes.length;
  };
  const connections = new Map<string, { conn: number; type: string; write: (m: unknown) => Uint8Array }>();
  for (const m of messages) {
    if (!connections.has(m.topic)) connections.set(m.topic, { conn: connections.size, type: m.type, write: writerFor(m.type, 'ros1') });
  }
  const connectionRecord = (topic: string) => {
    const c = connections.get(topic)!;
    const data = fields({ topic: str(topic), type: str(c.type), md5sum: str('*'), message_definition: str(fullDefinition(c.type, 'ros1')) });
    return record({ op: u8(7), conn: u32(c.conn), topic: str(topic) }, data);
  };
  const headerAt = length;
  push(new Uint8Array(4096)); // the bag header record, written once the index position is known
  const chunkInfos: Uint8Array[] = [];
  for (let start = 0; start < messages.length; start += chunkSize) {
    const batch = messages.slice(start, start + chunkSize);
    const body: Uint8Array[] = [];
    let bodyLength = 0;
    const index = new Map<number, { time: bigint; offset: number }[]>();
    const seen = new Set<string>();
    for (const m of batch) {
      const c = connections.get(m.topic)!;
      if (!seen.has(m.topic)) {
        seen.add(m.topic);
        const r = connectionRecord(m.topic);
        body.push(r);
        bodyLength += r.length;
      }
      const r = record({ op: u8(2), conn: u32(c.conn), time: time(m.logTime) }, c.write(m.message));
      (index.get(c.conn) ?? index.set(c.conn, []).get(c.conn)!).push({ time: m.logTime, offset: bodyLength });
      body.push(r);
      bodyLength += r.length;
    }
    const raw = Buffer.concat(body);
    const stored = compression === 'lz4' ? lz4StoredFrame(raw) : raw;
    const chunkPos = length;
    push(record({ op: u8(5), compression: str(compression), size: u32(raw.length) }, stored));
    for (const [conn, entries] of index) {
      const data = Buffer.concat(entries.map((e) => Buffer.concat([time(e.time), u32(e.offset)])));
      push(record({ op: u8(4), ver: u32(1), conn: u32(conn), count: u32(entries.length) }, data));
    }
    const times = batch.map((m) => m.logTime);
    const min = times.reduce((a, b) => (b < a ? b : a));
    const max = times.reduce((a, b) => (b > a ? b : a));
    const counts = Buffer.concat([...index].map(([conn, e]) => Buffer.concat([u32(conn), u32(e.length)])));
    chunkInfos.push(record({ op: u8(6), ver: u32(1), chunk_pos: u64(chunkPos), start_time: time(min), end_time: time(max), count: u32(index.size) }, counts));
  }
  const indexPos = length;
  for (const topic of connections.keys()) push(connectionRecord(topic));
  chunkInfos.forEach(push);
  const headerRecord = record({ op: u8(3), index_pos: u64(indexPos), conn_count: u32(connections.size), chunk_count: u32(chunkInfos.length) }, new Uint8Array(0));
  // Pad the header record's data with spaces to 4096 bytes in all, as rosbag does.
  const padded = record({ op: u8(3), index_pos: u64(indexPos), conn_count: u32(connections.size), chunk_count: u32(chunkInfos.length) }, new Uint8Array(4096 - headerRecord.length).fill(0x20));
  out[out.findIndex((_, i) => sum(out.slice(0, i)) === headerAt)] = padded;
  await fs.writeFile(file, Buffer.concat(out));
}

const sum = (parts: Uint8Array[]) => parts.reduce((n, p) => n + p.length, 0);
const str = (s: string) => Buffer.from(s, 'utf8');
const u8 = (v: number) => Uint8Array.of(v);
const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
};
const u64 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(v));
  return b;
};
const time = (ns: bigint) => Buffer.concat([u32(Number(ns / 1_000_000_000n)), u32(Number(ns % 1_000_000_000n))]);

function fields(values: Record<string, Uint8Array>): Buffer {
  return Buffer.concat(Object.entries(values).map(([name, value]) => {
    const field = Buffer.concat([str(`${name}=`), value]);
    return Buffer.concat([u32(field.length), field]);
  }));
}

function record(header: Record<string, Uint8Array>, data: Uint8Array): Buffer {
  const h = fields(header);
  return Buffer.concat([u32(h.length), h, u32(data.length), data]);
}

/** An MCAP of JSON-encoded channels (Foxglove schemas by name, `jsonschema` schemas), as Foxglove's own tools write them. */
export async function writeJsonMcap(file: string, messages: readonly FixtureMessage[]): Promise<void> {
  const { writer, bytes } = memoryMcap({});
  await writer.start({ profile: '', library: 'cairn tests' });
  const channels = new Map<string, number>();
  for (const m of messages) {
    let channelId = channels.get(m.topic);
    if (channelId === undefined) {
      const schemaId = await writer.registerSchema({ name: m.type, encoding: 'jsonschema', data: new TextEncoder().encode('{"type":"object"}') });
      channelId = await writer.registerChannel({ topic: m.topic, schemaId, messageEncoding: 'json', metadata: new Map() });
      channels.set(m.topic, channelId);
    }
    await writer.addMessage({ channelId, sequence: 0, logTime: m.logTime, publishTime: m.logTime, data: new TextEncoder().encode(JSON.stringify(m.message)) });
  }
  await writer.end();
  await fs.writeFile(file, bytes());
}

/** A McapWriter into memory; `bytes()` is the file once `end()` has run. */
function memoryMcap(options: Omit<McapWriterOptions, 'writable'>): { writer: McapWriter; bytes: () => Buffer } {
  const parts: Uint8Array[] = [];
  let position = 0n;
  const writer = new McapWriter({
    ...options,
    writable: {
      position: () => position,
      write: async (buffer) => {
        parts.push(buffer.slice());
        position += BigInt(buffer.byteLength);
      },
    },
  });
  return { writer, bytes: () => Buffer.concat(parts) };
}
