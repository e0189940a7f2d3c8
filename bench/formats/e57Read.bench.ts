/**
 * Reading E57 scans against reading the same file's bytes, side by side in one process.
 *
 *   nice -n 10 npx tsx bench/formats/e57Read.bench.ts [--runs 7] [file.e57 ...]
 *
 * For each file, interleaved per run: (a) every byte read through the same file ByteSource in
 * 256 KiB chunks (the floor any reader pays), (b) the same reads with every page's CRC-32C
 * checked, (c) openE57Cloud: header, XML, every scan decoded into point batches. Minimum and
 * median of the runs (the minimum is the steadier figure on a loaded machine), and (c) / (a).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { crc32c } from '../../src/core/formats/e57/crc32c';
import { openE57Cloud } from '../../src/core/formats/e57/openE57';
import { fileSource } from '../../src/main/services/stores/fileSource';

const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '7' } }, allowPositionals: true });
const runs = Number(values.runs);
const DATA = path.resolve(__dirname, '../../../shared/data/e57');
const files = positionals.length ? positionals : ['bunnyDouble.e57', 'bunnyInt32.e57', 'pumpAVisualReferenceImage.e57'].map((f) => path.join(DATA, f));
const CHUNK = 256 << 10;

async function readBytes(file: string, checkCrc: boolean): Promise<number> {
  const source = fileSource(file);
  const size = await source.size();
  let sum = 0;
  for (let at = 0; at < size; at += CHUNK) {
    const bytes = await source.read(at, Math.min(CHUNK, size - at));
    if (checkCrc) for (let p = 0; p + 1024 <= bytes.byteLength; p += 1024) sum ^= crc32c(bytes, p, p + 1020);
    else sum += bytes[0];
  }
  await source.close();
  return sum;
}

async function readPoints(file: string): Promise<number> {
  const source = fileSource(file);
  const reader = await openE57Cloud(source);
  let n = 0;
  for await (const b of reader.batches()) n += b.count;
  await source.close();
  return n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const both = (xs: number[]) => `${Math.min(...xs).toFixed(2)} / ${median(xs).toFixed(2)}`;
const time = async (run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
};

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${runs} runs, ms as min / median`);
  console.log('file | bytes | points | read bytes | + page CRCs | openE57Cloud (all points) | Mpts/s (min) | ratio to read bytes (min)');
  for (const file of files) {
    if (!existsSync(file)) {
      console.log(`${path.basename(file)}: not found, skipped`);
      continue;
    }
    const points = await readPoints(file); // warm-up, and the count
    await readBytes(file, true);
    const t = { bytes: [] as number[], crc: [] as number[], e57: [] as number[] };
    for (let r = 0; r < runs; r++) {
      t.bytes.push(await time(() => readBytes(file, false)));
      t.crc.push(await time(() => readBytes(file, true)));
      t.e57.push(await time(() => readPoints(file)));
    }
    const [b, e] = [Math.min(...t.bytes), Math.min(...t.e57)];
    const sized = fileSource(file);
    const size = await sized.size();
    await sized.close();
    console.log(`${path.basename(file)} | ${size} | ${points} | ${both(t.bytes)} | ${both(t.crc)} | ${both(t.e57)} | ${(points / e / 1000).toFixed(2)} | ${(e / b).toFixed(1)}`);
  }
}

void main();
