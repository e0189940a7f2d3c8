import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../io/byteSource';
import { seededRandom } from '../../random/seededRandom';
import { attempt, expectParsedOrFormatError } from '../testing/fuzzCases';
import { resealE57Pages, writeE57 } from '../testing/writeE57';
import { openE57 } from './openE57';

const DIR = path.resolve(__dirname, '../../../../../shared/data/e57');
const CASES = 150;

/** Opens the file and reads every scan and image, as an import would. */
async function readEverything(name: string, bytes: Uint8Array): Promise<void> {
  const file = await openE57(memorySource(name, bytes));
  for (const scan of file.scans) for await (const b of file.points(scan, { batchSize: 100 })) expect(b.positions.length).toBe(3 * b.count);
  for (const image of file.images) await file.blob(image.blob);
}

/**
 * Bit flips with the page checksums made right again, so that the flips reach the XML parser,
 * the section headers, the packet headers and the bytestreams instead of stopping at a CRC.
 */
async function fuzzResealed(name: string, bytes: Uint8Array, seed: number): Promise<{ ok: number; rejected: number }> {
  expect(await attempt(() => readEverything(name, bytes))).toBe('ok');
  const random = seededRandom(seed);
  let ok = 0;
  let rejected = 0;
  for (let i = 0; i < CASES; i++) {
    const copy = bytes.slice();
    for (let k = 0; k < 1 + (i % 3); k++) {
      const at = Math.floor(random() * copy.byteLength);
      copy[at] ^= 1 << Math.floor(random() * 8);
    }
    const outcome = await attempt(() => readEverything(name, resealE57Pages(copy)));
    expectParsedOrFormatError(outcome, `${name} case ${i} (seed ${seed})`);
    if (outcome === 'ok') ok++;
    else rejected++;
  }
  return { ok, rejected };
}

describe('E57 fuzz past the checksums: corrupt XML, sections and packets parse or throw FormatError', () => {
  it('a written file with two scans and an image', async () => {
    const bytes = writeE57({
      scans: [
        { name: 'a', packets: 4, fields: [{ name: 'cartesianX', kind: 'scaledInteger', minimum: -5000, maximum: 5000, scale: 0.001 }, { name: 'cartesianY', kind: 'float32' }, { name: 'cartesianZ', kind: 'float64' }, { name: 'colorRed', kind: 'integer', minimum: 0, maximum: 255 }], records: Array.from({ length: 200 }, (_, i) => [i * 7 - 700, i, -i, i % 256]) },
        { name: 'b', pose: { rotation: [0, 0, 0, 1], translation: [1, 2, 3] }, fields: [{ name: 'sphericalRange', kind: 'float32' }, { name: 'sphericalAzimuth', kind: 'float32' }, { name: 'sphericalElevation', kind: 'float32' }, { name: 'sphericalInvalidState', kind: 'integer', minimum: 0, maximum: 2 }], records: Array.from({ length: 50 }, (_, i) => [i, i / 10, 0, i % 3]) },
      ],
      images: [{ name: 'cam', kind: 'png', bytes: new Uint8Array(300).fill(7), width: 10, height: 10, pinhole: { focalLength: 0.01, pixelWidth: 1e-5, pixelHeight: 1e-5, principalPointX: 5, principalPointY: 5 } }],
    });
    const { rejected } = await fuzzResealed('written.e57', bytes, 57);
    expect(rejected).toBeGreaterThan(0);
  });

  describe.skipIf(!existsSync(DIR))('real files', () => {
    for (const name of ['A_B.e57', 'tiny_pc_and_images.e57', 'PinholeImageWithDistortionParameters.e57', 'ColourRepresentation.e57']) {
      it(name, { timeout: 60_000 }, async () => {
        const { ok, rejected } = await fuzzResealed(name, new Uint8Array(readFileSync(path.join(DIR, name))), 570);
        expect(ok + rejected).toBe(CASES);
      });
    }
  });
});
