import type { PointBatch, PointCloudReader } from '../../pointcloud/pointBatch';

/** Every point of a reader concatenated, for tests: columns as plain arrays. */
export interface AllPoints {
  count: number;
  batchCounts: number[];
  positions: number[];
  intensity: number[];
  rgb: number[];
  classification: number[];
  returnNumber: number[];
  numberOfReturns: number[];
  gpsTime: number[];
  pointSourceId: number[];
  ring: number[];
  extra: Record<string, number[]>;
}

export async function readAll(reader: PointCloudReader, batchSize?: number): Promise<AllPoints> {
  const all: AllPoints = { count: 0, batchCounts: [], positions: [], intensity: [], rgb: [], classification: [], returnNumber: [], numberOfReturns: [], gpsTime: [], pointSourceId: [], ring: [], extra: {} };
  for await (const b of reader.batches(batchSize)) append(all, b);
  return all;
}

function append(all: AllPoints, b: PointBatch): void {
  all.count += b.count;
  all.batchCounts.push(b.count);
  all.positions.push(...b.positions);
  for (const k of ['intensity', 'rgb', 'classification', 'returnNumber', 'numberOfReturns', 'gpsTime', 'pointSourceId', 'ring'] as const) {
    const col = b[k];
    if (col) all[k].push(...col);
  }
  for (const [name, col] of Object.entries(b.extra ?? {})) (all.extra[name] ??= []).push(...col);
}
