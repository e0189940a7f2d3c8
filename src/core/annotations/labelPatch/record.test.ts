import { describe, expect, it } from 'vitest';
import { labelWord } from '../../segmentation/labelWord';
import { paintPatch } from '../../segmentation/labelPatch';
import { labelPatchRecord, orderPatchRecords, patchOfRecord } from './record';
import { labelPatchAnnotationSchema } from './schema';

const FRAME = '22222222-2222-4222-8222-222222222222';
const input = (objectId: string, ordinal: number) => ({
  objectId,
  sceneId: '11111111-1111-4111-8111-111111111111',
  classId: 'road',
  label: labelWord(40),
  ordinal,
  ontologyVersion: 1,
  author: 'ann',
  at: 1_700_000_000_000,
});
const ID = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('label patch records', () => {
  it('hold the patch as base64 of its varint bytes, and give back the same patch', () => {
    const labels = new Uint32Array(100_000);
    labels.fill(labelWord(10, 2), 500, 700);
    const patch = paintPatch(FRAME, labels, Array.from({ length: 3000 }, (_, k) => 100 + k * 3), labelWord(40))!;
    const record = labelPatchRecord(patch, input(ID(1), 0));
    expect(labelPatchAnnotationSchema.parse(record)).toEqual(record);
    expect(record.frameId).toBe(FRAME);
    expect(patchOfRecord(record, labels.length)).toEqual(patch);
    // A few bytes per changed point (every third point: 3000 runs of one point, gap 2), not per scan point.
    expect(record.patch.length).toBeLessThan(3000 * 4 * 1.4);
  });

  it('refuse bytes that are not base64, or that belong to another frame, naming the record', () => {
    const patch = paintPatch(FRAME, new Uint32Array(10), [1, 2], labelWord(40))!;
    const record = labelPatchRecord(patch, input(ID(2), 0));
    expect(labelPatchAnnotationSchema.safeParse({ ...record, patch: 'not base64!' }).success).toBe(false);
    const other = { ...record, frameId: '33333333-3333-4333-8333-333333333333' };
    expect(() => patchOfRecord(other)).toThrow(`label patch ${ID(2)}: its bytes are for frame ${FRAME}, the record for frame 33333333-3333-4333-8333-333333333333`);
    expect(() => patchOfRecord(record, 2)).toThrow(/label patch .*beyond the scan's 2 points/);
  });

  it('apply in ordinal order, ties broken by objectId', () => {
    const order = orderPatchRecords([
      { ordinal: 2, objectId: ID(1) },
      { ordinal: 1, objectId: ID(9) },
      { ordinal: 1, objectId: ID(3) },
    ]);
    expect(order.map((r) => r.objectId)).toEqual([ID(3), ID(9), ID(1)]);
  });
});
