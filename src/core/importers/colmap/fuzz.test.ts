import { describe, expect, it } from 'vitest';
import { FormatError } from '../../io/byteSource';
import { seededRandom } from '../../random/seededRandom';
import { computeReconstructionStats } from './reconstructionStats';
import { readColmapModel, type ColmapFile } from './readColmapModel';
import { fixtureModel } from './testing/colmapFixture';
import { writeColmapBinary, writeColmapText } from './testing/writeColmapModel';

const CUTS = 40;
const FLIPS = 150;
const MODEL_FILE = /m\/(cameras|images|points3D|rigs|frames)\.(bin|txt)/;

/** 'ok', or the error: reading and computing statistics must either work or throw a FormatError. */
function attempt(files: ColmapFile[]): unknown {
  try {
    computeReconstructionStats(readColmapModel(files, 'm'));
    return 'ok';
  } catch (e) {
    return e;
  }
}

function expectOkOrNamedError(outcome: unknown, what: string): void {
  if (outcome === 'ok') return;
  if (!(outcome instanceof FormatError)) throw new Error(`${what}: expected a FormatError, got ${String(outcome)}${outcome instanceof Error ? `\n${outcome.stack}` : ''}`);
  // A corrupt file may surface as a broken reference from another file; either way a model file is named.
  expect(outcome.message, what).toMatch(MODEL_FILE);
}

describe('fuzz: truncated and bit-flipped model files read or throw a FormatError naming a file, never hang', () => {
  const cases: [string, ColmapFile[]][] = [
    ['binary', writeColmapBinary(fixtureModel())],
    ['text', writeColmapText(fixtureModel())],
    ['binary with rigs', writeColmapBinary(fixtureModel({ rigs: true }))],
    ['text with rigs', writeColmapText(fixtureModel({ rigs: true }))],
  ];
  cases.forEach(([label, files], c) => {
    for (const target of files) {
      it(`${label}: ${target.name}`, () => {
        expect(attempt(files)).toBe('ok');
        const others = files.filter((f) => f !== target);
        let rejected = 0;
        for (let i = 1; i <= CUTS; i++) {
          const cut = Math.floor((target.bytes.length * i) / (CUTS + 1));
          const outcome = attempt([...others, { name: target.name, bytes: target.bytes.slice(0, cut) }]);
          expectOkOrNamedError(outcome, `${target.name} cut at ${cut}`);
          if (outcome !== 'ok') {
            rejected++;
            // A binary file cut short is always caught in that very file: its counts promise more.
            if (label.startsWith('binary')) expect((outcome as FormatError).file).toBe(`m/${target.name}`);
          }
        }
        expect(rejected).toBeGreaterThan(0);
        const random = seededRandom(100 * c + files.indexOf(target));
        for (let i = 0; i < FLIPS; i++) {
          const copy = target.bytes.slice();
          const at = Math.floor(random() * copy.length);
          const bit = Math.floor(random() * 8);
          copy[at] ^= 1 << bit;
          expectOkOrNamedError(attempt([...others, { name: target.name, bytes: copy }]), `${target.name} bit ${bit} of byte ${at} flipped`);
        }
      });
    }
  });
});
