/** KITTI / nuScenes-style LiDAR sweep: little-endian float32 x, y, z, intensity per point. */
export const KITTI_BIN_STRIDE = 4;
const BYTES_PER_POINT = KITTI_BIN_STRIDE * 4;

export interface XyziCloud {
  /** Interleaved x, y, z, intensity. */
  readonly points: Float32Array;
  readonly count: number;
}

/**
 * Reads a whole sweep (a sweep is small: a few MB). `expectedCount`, when the manifest gives one,
 * must match, so a truncated download is caught here rather than drawn as a partial frame.
 */
export function parseKittiBin(bytes: ArrayBuffer, source: string, expectedCount?: number): XyziCloud {
  if (bytes.byteLength % BYTES_PER_POINT !== 0) {
    const whole = Math.floor(bytes.byteLength / BYTES_PER_POINT);
    throw new Error(
      `${source}: ${bytes.byteLength} bytes is not a whole number of 16-byte points (truncated after point ${whole}, at byte ${whole * BYTES_PER_POINT})`,
    );
  }
  const count = bytes.byteLength / BYTES_PER_POINT;
  if (expectedCount !== undefined && expectedCount !== count) {
    throw new Error(`${source}: holds ${count} points but the scene manifest says ${expectedCount}`);
  }
  const points = isLittleEndian() ? new Float32Array(bytes) : swapToHost(bytes);
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i])) {
      throw new Error(`${source}: point ${Math.floor(i / 4)} has a non-finite value at byte ${i * 4}`);
    }
  }
  return { points, count };
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

function swapToHost(bytes: ArrayBuffer): Float32Array {
  const view = new DataView(bytes);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
