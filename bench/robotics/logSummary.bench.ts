/**
 * Bytes a log is read for before its topics are known (MCAP summary, ROS 1 bag index), against
 * the file's size: the ratio says how much of a log `cairn import … --list` and the start of an
 * import touch. Defaults to the real logs in ../shared/data/robotics; pass other files to measure them.
 *
 *   npx tsx bench/robotics/logSummary.bench.ts [file.mcap|file.bag ...]
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ByteSource } from '../../src/core/io/byteSource';
import { openMcapLog } from '../../src/main/import/robotics/mcapLog';
import { openRosbagLog } from '../../src/main/import/robotics/rosbagLog';
import { fileSource } from '../../src/main/services/stores/fileSource';

const DATA = path.resolve(__dirname, '../../../shared/data/robotics');
const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [path.join(DATA, 'pointcloudset/test.mcap'), path.join(DATA, 'sick_scan_xd/rms_1xxx_lms_1xx_movement_off.bag')].filter(existsSync);

async function main(): Promise<void> {
  if (files.length === 0) throw new Error(`no log given and none in ${DATA}`);
  for (const file of files) {
    const source = fileSource(file);
    let bytes = 0;
    let reads = 0;
    const counting: ByteSource = {
      name: source.name,
      size: () => source.size(),
      read: async (offset, length) => {
        const b = await source.read(offset, length);
        bytes += b.length;
        reads++;
        return b;
      },
    };
    const started = performance.now();
    const log = await (file.endsWith('.bag') ? openRosbagLog(counting) : openMcapLog(counting));
    const ms = performance.now() - started;
    const size = statSync(file).size;
    const messages = log.topics.reduce((n, t) => n + t.count, 0);
    console.log(
      `${path.basename(file)}: ${log.topics.length} topics, ${messages} messages listed from ${bytes} bytes in ${reads} reads ` +
        `of ${size} (${((100 * bytes) / size).toFixed(2)} %), ${ms.toFixed(0)} ms`,
    );
    await source.close();
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
