import { McapIndexedReader, type IReadable } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';
import type { ByteSource } from '../../../core/io/byteSource';
import { decoderFor, type Decode } from './messageDecoders';
import { rosTypeName, type LogMessage, type LogTopic, type ReadRange, type RobotLog } from './robotLog';

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
  const byTopic = new Map<string, { type: string; encoding: string; count: number }>();
  for (const channel of reader.channelsById.values()) {
    const schema = reader.schemasById.get(channel.schemaId);
    const entry = byTopic.get(channel.topic);
    const count = Number(counts?.get(channel.id) ?? 0n);
    // One topic may have several channels (two publishers): their counts add up.
    if (entry) entry.count += count;
    else byTopic.set(channel.topic, { type: rosTypeName(schema?.name ?? '(no schema)'), encoding: channel.messageEncoding, count });
  }
  const topics: LogTopic[] = [...byTopic].map(([topic, t]) => ({ topic, ...t })).sort((a, b) => a.topic.localeCompare(b.topic));
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
          const decoder = decoderOf(record.channelId);
          if (typeof decoder === 'string') {
            undecodable.set(channel.topic, decoder);
            continue;
          }
          const type = rosTypeName(reader.schemasById.get(channel.schemaId)?.name ?? '');
          let message: unknown;
          try {
            message = decoder(record.data);
          } catch (e) {
            undecodable.set(channel.topic, `a message at log time ${record.logTime} does not decode as ${type}: ${(e as Error).message}`);
            continue;
          }
          yield { topic: channel.topic, type, logTime: record.logTime, message };
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
