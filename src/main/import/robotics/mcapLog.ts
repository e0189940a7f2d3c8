import { McapIndexedReader, type IReadable } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';
import type { ByteSource } from '../../../core/io/byteSource';
import { decoderFor, type Decode } from './messageDecoders';
import { decodeOrNote, mergeTopics, rosTypeName, type LogMessage, type ReadRange, type RobotLog } from './robotLog';

/** A ByteSource (file, HTTP range requests, S3) as the range reads McapIndexedReader makes. */
export function mcapReadable(source: ByteSource): IReadable {
  return {
    size: async () => BigInt(await source.size()),
    read: async (offset, size) => {
      const bytes = await source.read(Number(offset), Number(size));
      if (bytes.byteLength < Number(size)) throw new Error(`${source.name}: the file ends at byte ${Number(offset) + bytes.byteLength}, ${size} bytes were wanted from byte ${offset} (truncated?)`);
      return bytes;
    },
  };
}

/**
 * Opens an indexed MCAP through its summary (footer → summary section → chunk indexes,
 * channels, schemas, statistics); zstd / lz4 / bz2 chunks decompress through @mcap/support.
 * A file without a summary (written unindexed, or cut short) is refused with the reason.
 */
export async function openMcapLog(source: ByteSource & { close?(): Promise<void> }): Promise<RobotLog> {
  let reader: McapIndexedReader;
  try {
    reader = await McapIndexedReader.Initialize({ readable: mcapReadable(source), decompressHandlers: await loadDecompressHandlers() });
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
  return {
    name: source.name,
    format: 'mcap',
    topics,
    undecodable,
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
    close: async () => {
      await source.close?.();
    },
  };
}
