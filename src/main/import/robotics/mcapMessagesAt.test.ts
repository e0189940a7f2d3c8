import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import { loadDecompressHandlers } from '@mcap/support';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSource } from '../../services/stores/fileSource';
import { mcapReadable, openMcapLog } from './mcapLog';
import type { LogMessage } from './robotLog';
import { writeMcap, type ChunkCompression } from './testing/logWriters';
import { robotScenario } from './testing/robotScenario';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-mcap-at-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOPICS = ['/lidar/points', '/camera/image/compressed', '/tf'];

async function allOf(file: string): Promise<LogMessage[]> {
  const log = await openMcapLog(fileSource(file));
  try {
    const out: LogMessage[] = [];
    for await (const m of log.read(TOPICS)) out.push(m);
    return out;
  } finally {
    await log.close();
  }
}

describe('MCAP messages read at their log times', () => {
  it.each<ChunkCompression>(['zstd', 'lz4', 'none'])('gives each message as reading the whole log does (%s chunks), in the order asked, none where there is none', async (compression) => {
    const file = path.join(dir, `drive-${compression}.mcap`);
    await writeMcap(file, 'ros2', robotScenario({ dialect: 'ros2', sweeps: 30 }), compression);
    const all = await allOf(file);
    const log = await openMcapLog(fileSource(file));
    try {
      const wanted = [...all].reverse().map((m) => ({ topic: m.topic, logTime: m.logTime }));
      const got = await log.readAt!([...wanted, { topic: '/lidar/points', logTime: 1n }, { topic: '/nope', logTime: all[0].logTime }]);
      expect(got.map((m) => m.wanted)).toEqual(wanted.map((_, i) => i));
      expect(got.map(({ topic, type, logTime, message }) => ({ topic, type, logTime, message }))).toEqual([...all].reverse());
    } finally {
      await log.close();
    }
  });

  it('refuses a chunk whose bytes fail its CRC, naming the file', async () => {
    const file = path.join(dir, 'corrupt.mcap');
    await writeMcap(file, 'ros2', robotScenario({ dialect: 'ros2', sweeps: 30 }), 'none');
    const [first] = await allOf(file);
    const source = fileSource(file);
    const reader = await McapIndexedReader.Initialize({ readable: mcapReadable(source), decompressHandlers: await loadDecompressHandlers() });
    const chunk = reader.chunkIndexes.find((c) => c.messageStartTime <= first.logTime && c.messageEndTime >= first.logTime)!;
    await source.close();
    const bytes = readFileSync(file);
    bytes[Number(chunk.chunkStartOffset + chunk.chunkLength) - 3] ^= 0xff; // inside the chunk's last message
    writeFileSync(file, bytes);
    const log = await openMcapLog(fileSource(file));
    try {
      await expect(log.readAt!([{ topic: first.topic, logTime: first.logTime }])).rejects.toThrow(`${file}: the chunk at ${chunk.chunkStartOffset} fails its CRC (corrupt?)`);
    } finally {
      await log.close();
    }
  });
});
