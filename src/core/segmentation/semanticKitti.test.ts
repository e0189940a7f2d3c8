import { describe, expect, it } from 'vitest';
import { labelWord } from './labelWord';
import { countsByClass, decodeLabelFile, encodeLabelFile, SEMANTIC_KITTI_LABELS } from './semanticKitti';

describe('SemanticKITTI .label files', () => {
  it('are one little-endian uint32 per point, semantic low and instance high', () => {
    const labels = Uint32Array.of(labelWord(10, 1), labelWord(40), 0, labelWord(30, 0x1234));
    const bytes = encodeLabelFile(labels);
    expect([...bytes.subarray(0, 4)]).toEqual([10, 0, 1, 0]);
    expect([...bytes.subarray(12, 16)]).toEqual([30, 0, 0x34, 0x12]);
    expect(decodeLabelFile(bytes, 4, 'x.label')).toEqual(labels);
    expect(SEMANTIC_KITTI_LABELS[10]).toBe('car');
  });

  it('must hold one label per point of their scan, else the file and both counts are named', () => {
    const bytes = encodeLabelFile(new Uint32Array(5));
    expect(() => decodeLabelFile(bytes, 6, '000042.label')).toThrow('000042.label: 5 labels for a scan of 6 points');
    expect(() => decodeLabelFile(bytes.subarray(0, 7), 1, '000043.label')).toThrow('000043.label: 7 bytes is not a whole number of 4-byte labels');
  });

  it('count points per semantic class, whatever their instance', () => {
    expect([...countsByClass(Uint32Array.of(labelWord(10, 1), labelWord(10, 2), 0, labelWord(40)))]).toEqual([[0, 1], [10, 2], [40, 1]]);
  });
});
