/**
 * BROTLI re-encoding of a finished DEFAULT octree (the step `cairn convert --encoding brotli`
 * adds after the build), at several brotli qualities: wall time, octree.bin before and after,
 * the longest gap between progress reports, and peak RSS. Each quality runs on a fresh copy.
 *
 *   node bin/cairn.js convert /tmp/cairn-bench/20M.las -o /tmp/b-default      # once (DEFAULT)
 *   npx tsx bench/lod/brotli.bench.ts --octree /tmp/b-default --qualities 4,6,9
 *   # options: --work <dir for the copies> --concurrency N --keep
 */
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { encodeOctreeBrotli } from '../../src/main/services/lod/brotliEncoding';

async function main() {
  const { values } = parseArgs({
    options: {
      octree: { type: 'string', default: '/tmp/b-default' },
      qualities: { type: 'string', default: '4,6,9' },
      work: { type: 'string', default: os.tmpdir() },
      concurrency: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const source = path.resolve(values.octree);
  const before = statSync(path.join(source, 'octree.bin')).size;
  const qualities = values.qualities.split(',').map(Number);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  console.log(`${source}: octree.bin ${(before / 1e6).toFixed(1)} MB; ${os.availableParallelism()} cores, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '(4)'}, Node ${process.version}`);
  console.log('quality | seconds | Mpts/s | octree.bin MB | of DEFAULT | bytes/pt | longest progress gap s | peak RSS MB');
  for (const quality of qualities) {
    const dir = mkdtempSync(path.join(values.work, `cairn-bench-brotli-q${quality}-`));
    cpSync(source, dir, { recursive: true });
    let peak = process.memoryUsage.rss();
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
    let last = performance.now();
    let gap = 0;
    const r = await encodeOctreeBrotli(dir, {
      quality,
      concurrency,
      onProgress: () => {
        const now = performance.now();
        gap = Math.max(gap, now - last);
        last = now;
      },
    });
    clearInterval(sampler);
    console.log(
      [quality, r.seconds.toFixed(1), (r.points / r.seconds / 1e6).toFixed(2), (r.bytesAfter / 1e6).toFixed(1), `${((100 * r.bytesAfter) / r.bytesBefore).toFixed(1)} %`,
        (r.bytesAfter / r.points).toFixed(2), (gap / 1000).toFixed(2), (peak / 1e6).toFixed(0)].join(' | '),
    );
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    else console.log(`  kept ${dir}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
