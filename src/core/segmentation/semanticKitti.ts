/**
 * SemanticKITTI's `.label` files: one little-endian uint32 per point of the matching `.bin` scan,
 * in the scan's point order, semantic class in the low 16 bits and instance id in the high 16.
 */

/** The SemanticKITTI label ids (semantic-kitti.yaml's `labels`), for naming classes in reports and mapping ontologies. */
export const SEMANTIC_KITTI_LABELS: Readonly<Record<number, string>> = {
  0: 'unlabeled', 1: 'outlier', 10: 'car', 11: 'bicycle', 13: 'bus', 15: 'motorcycle', 16: 'on-rails', 18: 'truck',
  20: 'other-vehicle', 30: 'person', 31: 'bicyclist', 32: 'motorcyclist', 40: 'road', 44: 'parking', 48: 'sidewalk',
  49: 'other-ground', 50: 'building', 51: 'fence', 52: 'other-structure', 60: 'lane-marking', 70: 'vegetation',
  71: 'trunk', 72: 'terrain', 80: 'pole', 81: 'traffic-sign', 99: 'other-object', 252: 'moving-car',
  253: 'moving-bicyclist', 254: 'moving-person', 255: 'moving-motorcyclist', 256: 'moving-on-rails', 257: 'moving-bus',
  258: 'moving-truck', 259: 'moving-other-vehicle',
};

/** Whether this machine stores a Uint32Array little-endian, as the file does: then bytes are copied, not converted. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The file's bytes for a frame's labels. */
export function encodeLabelFile(labels: Uint32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(labels.buffer.slice(labels.byteOffset, labels.byteOffset + labels.byteLength));
  const out = new Uint8Array(labels.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < labels.length; i++) view.setUint32(4 * i, labels[i], true);
  return out;
}

/**
 * A `.label` file's labels; it must hold exactly one label per point of the scan it belongs to
 * (`pointCount`), since labels are matched to points by position alone.
 */
export function decodeLabelFile(bytes: Uint8Array, pointCount: number, source: string): Uint32Array {
  if (bytes.length % 4) throw new Error(`${source}: ${bytes.length} bytes is not a whole number of 4-byte labels`);
  if (bytes.length / 4 !== pointCount) throw new Error(`${source}: ${bytes.length / 4} labels for a scan of ${pointCount} points (a .label file holds one per point, in the scan's order)`);
  if (LITTLE_ENDIAN) return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const labels = new Uint32Array(pointCount);
  for (let i = 0; i < pointCount; i++) labels[i] = view.getUint32(4 * i, true);
  return labels;
}

/** Points per semantic class (instance ignored), classes in increasing order. */
export function countsByClass(labels: Uint32Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const s = labels[i] & 0xffff;
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return new Map([...counts].sort((a, b) => a[0] - b[0]));
}
