import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { FormatError, memorySource } from '../../io/byteSource';
import { imageSize } from '../imageSize';
import { openPointCloud } from '../openPointCloud';
import { openE57, openE57Cloud, type E57File } from './openE57';

const DIR = path.resolve(__dirname, '../../../../../shared/data/e57');
const have = existsSync(DIR);
const load = (name: string) => memorySource(name, new Uint8Array(readFileSync(path.join(DIR, name))));

/** Point counts per scan as SOURCES.md states them (read there from the files' XML). */
const STATED: Record<string, number[]> = {
  'A4.e57': [4],
  'A_B.e57': [2, 4],
  'A_B_different_dims.e57': [1, 1],
  'ColourRepresentation.e57': [153],
  'ColouredCubeFloat.e57': [7680],
  'bunnyDouble.e57': [30571],
  'bunnyInt32.e57': [30571],
  'pumpAVisualReferenceImage.e57': [155201],
  'tiny_pc_and_images.e57': [2],
};

/** Every recordCount of a points element in the raw XML, found without the reader's parser. */
function xmlRecordCounts(file: E57File): number[] {
  return [...file.xml.matchAll(/<points type="CompressedVector" fileOffset="\d+" recordCount="(\d+)"/g)].map((m) => Number(m[1]));
}

async function scanStats(file: E57File, index: number) {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  let count = 0;
  let skipped = 0;
  const rgb = new Set<number>();
  const intensity = new Set<number>();
  for await (const b of file.points(file.scans[index], { batchSize: 5000, onSkipped: (n) => (skipped += n) })) {
    for (let i = 0; i < 3 * b.count; i++) {
      min[i % 3] = Math.min(min[i % 3], b.positions[i]);
      max[i % 3] = Math.max(max[i % 3], b.positions[i]);
    }
    b.rgb?.forEach((v) => rgb.size < 1000 && rgb.add(v));
    b.intensity?.forEach((v) => intensity.size < 1000 && intensity.add(v));
    count += b.count;
  }
  return { min, max, count, skipped, rgb, intensity };
}

describe.skipIf(!have)('real E57 files from ../shared/data/e57', () => {
  for (const [name, counts] of Object.entries(STATED)) {
    it(`${name}: point counts and bounds agree with the XML`, { timeout: 60_000 }, async () => {
      const file = await openE57(load(name));
      expect(file.scans.map((s) => s.recordCount)).toEqual(counts);
      expect(xmlRecordCounts(file)).toEqual(counts);
      for (let i = 0; i < file.scans.length; i++) {
        const s = await scanStats(file, i);
        expect(s.count + s.skipped).toBe(counts[i]);
        const b = file.scans[i].cartesianBounds;
        if (!b) continue;
        for (let k = 0; k < 3; k++) {
          // Writers round the bounds they store; one micrometre covers every file here.
          expect(s.min[k]).toBeGreaterThanOrEqual(b.min[k] - 1e-6);
          expect(s.max[k]).toBeLessThanOrEqual(b.max[k] + 1e-6);
          expect(s.min[k]).toBeCloseTo(b.min[k], 5);
          expect(s.max[k]).toBeCloseTo(b.max[k], 5);
        }
      }
      const cloud = await openPointCloud(load(name));
      expect(cloud.header.format).toBe('e57');
      expect(cloud.header.pointCount).toBe(counts.reduce((a, b) => a + b, 0));
    });
  }

  it('colour and intensity where the files have them', async () => {
    const a4 = await openE57(load('A4.e57'));
    expect(a4.scans[0].fields.map((f) => f.name)).toEqual(['cartesianX', 'cartesianY', 'cartesianZ', 'intensity', 'colorRed', 'colorGreen', 'colorBlue']);
    const a4Stats = await scanStats(a4, 0);
    expect([...a4Stats.rgb].every((v) => v % 257 === 0)).toBe(true);
    expect(a4Stats.rgb.size).toBeGreaterThan(1);
    const pump = await scanStats(await openE57(load('pumpAVisualReferenceImage.e57')), 0);
    expect(pump.intensity.size).toBeGreaterThan(100);
    expect(pump.rgb.size).toBeGreaterThan(100);
    const colour = await openE57(load('ColourRepresentation.e57'));
    expect(colour.scans[0].fields.find((f) => f.name === 'colorRed')).toMatchObject({ kind: 'integer', bits: 16 });
    expect((await scanStats(colour, 0)).rgb.size).toBeGreaterThan(1);
    const dims = await openE57Cloud(load('A_B_different_dims.e57'));
    expect(dims.e57.scans.map((s) => s.name)).toEqual(['no-color', 'with-color']);
    // Both scans state one intensity (0.7596…) as their minimum and maximum: read on a 0..1 scale.
    const batches = [];
    for await (const b of dims.batches()) batches.push(b);
    expect(batches[0].intensity![0]).toBe(Math.round(Math.fround(0.75964826) * 65535));
  });

  it('bunnyInt32 (scaled integers) holds the points of bunnyDouble (doubles) to the micrometre', async () => {
    const points = async (name: string) => {
      const out: number[] = [];
      for await (const b of (await openE57Cloud(load(name))).batches()) out.push(...b.positions);
      return out;
    };
    const [d, i] = [await points('bunnyDouble.e57'), await points('bunnyInt32.e57')];
    expect(i.length).toBe(d.length);
    expect(Math.max(...d.map((v, k) => Math.abs(v - i[k])))).toBeLessThan(1e-6 + 1e-12);
  });

  it("the pump scan's reference photo: a 3072×2304 JPEG that decodes", { timeout: 60_000 }, async () => {
    const file = await openE57(load('pumpAVisualReferenceImage.e57'));
    expect(file.images).toHaveLength(1);
    const image = file.images[0];
    expect(image).toMatchObject({ name: 'pumpVisual', representation: 'visualReference', width: 3072, height: 2304, blob: { kind: 'jpeg', length: 1504576 } });
    const bytes = await file.blob(image.blob);
    expect(imageSize(bytes)).toEqual({ kind: 'size', format: 'jpeg', width: 3072, height: 2304 });
    const decoded = jpeg.decode(bytes, { maxMemoryUsageInMB: 256, formatAsRGBA: false });
    expect([decoded.width, decoded.height, decoded.data.length]).toEqual([3072, 2304, 3072 * 2304 * 3]);
  });

  it('the pinhole images of PinholeImageWithDistortionParameters.e57 with their calibration', async () => {
    const file = await openE57(load('PinholeImageWithDistortionParameters.e57'));
    expect(file.scans).toEqual([]);
    expect(file.images.map((im) => [im.name, im.representation, im.width, im.height, im.blob.length])).toEqual([
      ['JPEG Image Test 1', 'pinhole', 1, 1, 375],
      ['JPEG Image Test 2', 'pinhole', 1, 1, 375],
      ['JPEG Image Test 3', 'pinhole', 1, 1, 375],
    ]);
    expect(file.images[0].pinhole).toEqual({ focalLength: 0, pixelWidth: 0, pixelHeight: 0, principalPointX: 0, principalPointY: 0 });
    const d = file.images[0].distortion!;
    // The writer stored float32 values (1.01 as 1.00999999046325684).
    expect([d.CV_K1, d.CV_K2, d.CV_K3, d.CV_K4, d.CV_K5, d.CV_K6, d.CV_P1, d.CV_P2]).toEqual([1.01, 2.02, 3.03, 4.04, 5.05, 6.06, 11.11, 12.12].map(Math.fround));
    expect([d.CV_CX, d.CV_CY, d.CV_FX, d.CV_FY, d.CV_WIDTH, d.CV_HEIGHT]).toEqual([...[21.21, 22.22, 31.31, 32.32].map(Math.fround), 1, 1]);
    expect(file.images[1].distortion).toMatchObject({ CV_K1: Math.fround(1.01), CV_K3: 0, CV_FX: 0 });
    expect(file.images[2].distortion).toBeUndefined();
    for (const im of file.images) expect(jpeg.decode(await file.blob(im.blob))).toMatchObject({ width: 1, height: 1 });
  });

  it('tiny_pc_and_images.e57: the four representations, the spherical one with its pose and scan', async () => {
    const file = await openE57(load('tiny_pc_and_images.e57'));
    expect(file.images.map((im) => [im.name, im.representation, im.blob.kind])).toEqual([['visual', 'visualReference', 'jpeg'], ['spherical', 'spherical', 'png'], ['pinhole', 'pinhole', 'png'], ['cylindrical', 'cylindrical', 'png']]);
    const spherical = file.images[1];
    expect(spherical.associatedScanGuid).toBe(file.scans[0].guid);
    // The file stores w 0.5, x 1: not a unit quaternion; the reader normalises it.
    expect(spherical.pose!.rotation.map((v) => +v.toFixed(6))).toEqual([+(1 / Math.sqrt(1.25)).toFixed(6), 0, 0, +(0.5 / Math.sqrt(1.25)).toFixed(6)]);
    expect(spherical.pose!.translation).toEqual([1, 2, 3]);
    expect(file.images[2].pinhole).toEqual({ focalLength: 123, pixelWidth: 0.044, pixelHeight: 0.033, principalPointX: 23, principalPointY: 42 });
    expect(imageSize(await file.blob(spherical.blob))).toMatchObject({ kind: 'size', width: 100, height: 100 });
  });

  it('a flipped byte in a real file is caught by its page checksum', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(DIR, 'bunnyInt32.e57')));
    bytes[100 * 1024 + 500] ^= 1;
    const e = await openE57Cloud(memorySource('bunnyInt32.e57', bytes)).then(async (r) => {
      for await (const b of r.batches()) expect(b.count).toBeGreaterThan(0);
    }).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(FormatError);
    expect((e as FormatError).message).toBe(`bunnyInt32.e57 (byte ${100 * 1024 + 1020}): bad checksum on page 100 (bytes 102400..103423): the page says CRC-32C 0x${(e as FormatError).message.match(/says CRC-32C 0x([0-9a-f]{8})/)![1]}, its data gives 0x${(e as FormatError).message.match(/gives 0x([0-9a-f]{8})/)![1]}`);
  });
});
