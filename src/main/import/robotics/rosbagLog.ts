import { Bag } from '@foxglove/rosbag';
import { MessageReader } from '@foxglove/rosmsg-serialization';
import { parse } from '@foxglove/rosmsg';
import { loadDecompressHandlers } from '@mcap/support';
import type { ByteSource } from '../../../core/io/byteSource';
import { decodeOrNote, mergeTopics, rosTypeName, type LogMessage, type ReadRange, type RobotLog } from './robotLog';

const toTime = (ns: bigint) => ({ sec: Number(ns / 1_000_000_000n), nsec: Number(ns % 1_000_000_000n) });
const toNanos = (t: { sec: number; nsec: number }) => BigInt(t.sec) * 1_000_000_000n + BigInt(t.nsec);

/**
 * Opens a ROS 1 bag (v2.0) through its index (the connection and chunk-info records at the end):
 * chunks are range-read as messages are asked for, bz2 and lz4 chunks decompressed through the
 * same WebAssembly decoders MCAP uses.
 */
export async function openRosbagLog(source: ByteSource & { close?(): Promise<void> }): Promise<RobotLog> {
  const size = await source.size();
  const filelike = {
    size: () => size,
    read: async (offset: number, length: number) => {
      const bytes = await source.read(offset, length);
      if (bytes.byteLength < length) throw new Error(`the file ends at byte ${offset + bytes.byteLength}, ${length} bytes were wanted from byte ${offset} (truncated?)`);
      return bytes;
    },
  };
  const handlers = await loadDecompressHandlers();
  const decompress = {
    bz2: (buffer: Uint8Array, n: number) => handlers.bz2(buffer, BigInt(n)),
    lz4: (buffer: Uint8Array, n: number) => handlers.lz4(buffer, BigInt(n)),
  };
  const bag = new Bag(filelike, { decompress, parse: false });
  try {
    await bag.open();
  } catch (e) {
    throw new Error(`${source.name}: not a readable ROS 1 bag (v2.0, indexed): ${(e as Error).message}`);
  }
  const counts = new Map<number, number>();
  for (const info of bag.chunkInfos) for (const c of info.connections) counts.set(c.conn, (counts.get(c.conn) ?? 0) + c.count);
  const topics = mergeTopics(
    [...bag.connections.values()].map((c) => ({ topic: c.topic, type: rosTypeName(c.type ?? '(no type)'), encoding: 'ros1', count: counts.get(c.conn) ?? 0 })),
  );
  const readers = new Map<number, MessageReader | string>();
  const undecodable = new Map<string, string>();
  const readerOf = (conn: number): MessageReader | string => {
    let reader = readers.get(conn);
    if (reader === undefined) {
      const connection = bag.connections.get(conn)!;
      try {
        reader = new MessageReader(parse(connection.messageDefinition, { ros2: false }));
      } catch (e) {
        reader = `its message definition does not parse: ${(e as Error).message}`;
      }
      readers.set(conn, reader);
    }
    return reader;
  };
  return {
    name: source.name,
    files: [source.name],
    format: 'rosbag',
    topics,
    undecodable,
    async *read(wanted: readonly string[], range: ReadRange = {}): AsyncIterable<LogMessage> {
      if (wanted.length === 0) return;
      try {
        for await (const event of bag.messageIterator({ topics: [...wanted], ...(range.start !== undefined && { start: toTime(range.start) }) })) {
          const logTime = toNanos(event.timestamp);
          if (range.end !== undefined && logTime > range.end) break;
          const connection = bag.connections.get(event.connectionId)!;
          const reader = readerOf(event.connectionId);
          const decoded = decodeOrNote(undecodable, event.topic, connection.type ?? '', logTime, typeof reader === 'string' ? reader : (bytes) => reader.readMessage(bytes), event.data);
          if (!decoded) continue;
          yield { topic: event.topic, type: rosTypeName(connection.type ?? ''), logTime, message: decoded.message };
        }
      } catch (e) {
        throw new Error(`${source.name}: ${(e as Error).message}`);
      }
    },
    close: async () => {
      await source.close?.();
    },
  };
}
