import { utf8 } from '../formats/binary';
import { utf8Bytes } from '../model/sha1';
import { patchProblem, type LabelPatch } from './labelPatch';

/**
 * A patch as compact bytes for storage: "CLP1", the frame id (varint length, UTF-8), then the runs
 * with each start as the gap after the previous run's end, then `before` and `after`; every
 * number a LEB128 varint. Gaps and run lengths are small, so most numbers take one byte.
 */
const MAGIC = [0x43, 0x4c, 0x50, 0x31];

class Writer {
  private bytes = new Uint8Array(256);
  length = 0;
  private room(n: number) {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
  byte(b: number) {
    this.room(1);
    this.bytes[this.length++] = b;
  }
  varint(v: number) {
    this.room(5);
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.length++] = v;
  }
  raw(b: Uint8Array) {
    this.room(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }
  done(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

export function encodePatch(patch: LabelPatch): Uint8Array {
  const w = new Writer();
  for (const b of MAGIC) w.byte(b);
  const id = utf8Bytes(patch.frameId);
  w.varint(id.length);
  w.raw(id);
  w.varint(patch.runs.length / 2);
  let end = 0;
  for (let r = 0; r < patch.runs.length; r += 2) {
    w.varint(patch.runs[r] - end);
    w.varint(patch.runs[r + 1]);
    end = patch.runs[r] + patch.runs[r + 1];
  }
  for (const values of [patch.before, patch.after]) {
    w.varint(values.length / 2);
    for (const v of values) w.varint(v);
  }
  return w.done();
}

/** Reads a stored patch; `source` names it in errors. Checked against `pointCount` when given. */
export function decodePatch(bytes: Uint8Array, source: string, pointCount?: number): LabelPatch {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`${source}: not a label patch (${what} at byte ${at})`);
  };
  for (const b of MAGIC) if (bytes[at++] !== b) fail('no CLP1 header');
  const varint = (): number => {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= bytes.length) fail('cut short');
      const b = bytes[at++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        if (v > 0xffffffff) fail('a number beyond 32 bits');
        return v;
      }
    }
    return fail('a number beyond 32 bits');
  };
  const idLength = varint();
  if (at + idLength > bytes.length) fail('cut short');
  const frameId = utf8(bytes.subarray(at, at + idLength));
  at += idLength;
  const runCount = varint();
  if (runCount > bytes.length) fail('more runs than bytes');
  const runs = new Uint32Array(2 * runCount);
  let end = 0;
  for (let r = 0; r < runCount; r++) {
    runs[2 * r] = end + varint();
    runs[2 * r + 1] = varint();
    end = runs[2 * r] + runs[2 * r + 1];
  }
  const values = (): Uint32Array => {
    const pairs = varint();
    if (pairs > bytes.length) fail('more labels than bytes');
    const out = new Uint32Array(2 * pairs);
    for (let k = 0; k < out.length; k++) out[k] = varint();
    return out;
  };
  const before = values();
  const after = values();
  if (at !== bytes.length) fail('trailing bytes');
  const patch = { frameId, runs, before, after };
  const problem = patchProblem(patch, pointCount ?? Number.MAX_SAFE_INTEGER);
  if (problem) throw new Error(`${source}: ${problem}`);
  return patch;
}
