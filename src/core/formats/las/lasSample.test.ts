import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../io/byteSource';
import { writeLas } from '../testing/writeLas';
import { openLas } from './openLas';

const SHARED = path.resolve(__dirname, '../../../../../shared/data/las_laz');

describe('sampleRecords: a preview read of a LAS / LAZ file', () => {
  const total = 50_000;
  const bytes = writeLas({
    version: '1.2',
    pdrf: 0,
    points: Array.from({ length: total }, (_, i) => ({ x: i, y: 0, z: 0 })),
    scale: [1, 1, 1],
    offset: [0, 0, 0],
  });

  it('reads about maxPoints records spread from the first to the last', async () => {
    const reader = await openLas(memorySource('line.las', bytes));
    const xs: number[] = [];
    for await (const { count, records } of reader.sampleRecords(2_000)) {
      const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
      for (let i = 0; i < count; i++) xs.push(view.getInt32(i * reader.lasFormat.recordLength, true));
    }
    expect(xs.length).toBeGreaterThan(1_000);
    expect(xs.length).toBeLessThanOrEqual(2_000);
    expect(Math.min(...xs)).toBe(0);
    expect(Math.max(...xs)).toBe(total - 1);
    // Spread: every tenth of the file is represented.
    const tenths = new Set(xs.map((x) => Math.floor((10 * x) / total)));
    expect(tenths.size).toBe(10);
  });

  it('reads every record when maxPoints covers the file', async () => {
    const reader = await openLas(memorySource('line.las', bytes));
    let n = 0;
    for await (const { count } of reader.sampleRecords(total * 2)) n += count;
    expect(n).toBe(total);
  });

  it.skipIf(!existsSync(path.join(SHARED, 'autzen_trim.laz')))('samples whole chunks of a real LAZ file', async () => {
    const reader = await openLas(memorySource('autzen_trim.laz', new Uint8Array(readFileSync(path.join(SHARED, 'autzen_trim.laz')))));
    let n = 0;
    for await (const { count } of reader.sampleRecords(100_000)) n += count;
    expect(n).toBeGreaterThan(50_000);
    expect(n).toBeLessThan(reader.header.pointCount);
  });
});

describe('sampleRecords of a COPC file: its own coarse levels', () => {
  const file = path.join(SHARED, 'lone-star.copc.laz');
  it.skipIf(!existsSync(file))('takes whole nodes from the root down, and reads every record through lasRecords', async () => {
    const { openCopc } = await import('../copc/openCopc');
    const reader = await openCopc(memorySource('lone-star.copc.laz', new Uint8Array(readFileSync(file))));
    const total = reader.header.pointCount;
    let sampled = 0;
    for await (const { count } of reader.sampleRecords(Math.floor(total / 2))) sampled += count;
    // Whole nodes (the root holds about a tenth of this file), never past the budget once the root is in.
    expect(sampled).toBeGreaterThan(total / 20);
    expect(sampled).toBeLessThanOrEqual(total / 2);
    let all = 0;
    for await (const { count, records } of reader.lasRecords()) {
      all += count;
      expect(records.byteLength).toBe(count * reader.lasFormat.recordLength);
    }
    expect(all).toBe(total);
  });
});
