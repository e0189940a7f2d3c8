import type { OutputTensor } from '../detection';

/** Dense head outputs as exported: channels last [1, H, W, C] (OpenPCDet's anchor head) or first [1, C, H, W]. */
export type HeadLayout = 'NHWC' | 'NCHW';

/** A rank-4 head output read by (channel, row, column) whatever its layout. */
export interface HeadMap {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly data: Float32Array;
  readonly layout: HeadLayout;
}

export function headMap(name: string, t: OutputTensor | undefined, layout: HeadLayout): HeadMap {
  if (!t) throw new Error(`the model gave no output named "${name}": check the card's decoder`);
  if (t.dims.length !== 4 || t.dims[0] !== 1) throw new Error(`output "${name}" has dimensions [${t.dims.join(', ')}], the decoder expects [1, …] of rank 4 (${layout})`);
  const [, a, b, c] = t.dims;
  const shape = layout === 'NHWC' ? { height: a, width: b, channels: c } : { channels: a, height: b, width: c };
  if (t.data.length !== a * b * c) throw new Error(`output "${name}" holds ${t.data.length} values, its dimensions [${t.dims.join(', ')}] say ${a * b * c}`);
  return { ...shape, data: t.data, layout };
}

/** Index of (channel, row, column) in the map's data. */
export function headIndex(m: HeadMap, channel: number, row: number, column: number): number {
  return m.layout === 'NHWC' ? (row * m.width + column) * m.channels + channel : (channel * m.height + row) * m.width + column;
}

/** Where (channel 0, row, column) lies, and how far apart channels are: index = base + channel · step. */
export function headBase(m: HeadMap, row: number, column: number): number {
  return m.layout === 'NHWC' ? (row * m.width + column) * m.channels : row * m.width + column;
}

export function headStep(m: HeadMap): number {
  return m.layout === 'NHWC' ? 1 : m.height * m.width;
}

export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
