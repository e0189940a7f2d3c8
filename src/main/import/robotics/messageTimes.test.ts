import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSource } from '../../services/stores/fileSource';
import { openMcapLog } from './mcapLog';
import { writeMcap } from './testing/logWriters';
import { robotScenario } from './testing/robotScenario';

const dir = mkdtempSync(path.join(tmpdir(), 'cairn-message-times-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('MCAP message times from the index', () => {
  it.each(['zstd', 'lz4', 'none'] as const)('gives every log time of the asked topics, as reading the messages does (%s chunks)', async (compression) => {
    const file = path.join(dir, `drive-${compression}.mcap`);
    const messages = robotScenario({ dialect: 'ros2', sweeps: 40 });
    await writeMcap(file, 'ros2', messages, compression);
    const log = await openMcapLog(fileSource(file));
    try {
      const topics = ['/lidar/points', '/camera/image/compressed'];
      const times = await log.messageTimes!(topics);
      for (const topic of topics) {
        expect(times.get(topic)).toEqual(messages.filter((m) => m.topic === topic).map((m) => m.logTime));
      }
      expect(times.get('/lidar/points')).toHaveLength(40);
    } finally {
      await log.close();
    }
  });
});
