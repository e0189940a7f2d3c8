import { BinaryCursor, NO_POINT3D } from './binaryCursor';
import type { ColmapImage } from './colmapModel';
import { transformFromColmap } from './poses';
import { imageRecordPairs, UINT32_MAX } from './textRecords';

/**
 * image_id u32, qvec 4×f64 (w, x, y, z), tvec 3×f64, camera_id u32, name + NUL, num_points2D u64,
 * then per keypoint x f64, y f64, point3D_id u64. The layout is the same before and after COLMAP
 * 3.12 (rigs and frames went into files of their own; the pose here became derived data).
 */
const MIN_IMAGE_BYTES = 4 + 56 + 4 + 1 + 8;
const POINT2D_BYTES = 24;

/** Largest point3D id the text format can name exactly as a JS number. */
const MAX_ID = Number.MAX_SAFE_INTEGER;

export function readImagesBinary(bytes: Uint8Array, file: string): Map<number, ColmapImage> {
  const c = new BinaryCursor(bytes, file);
  const n = c.count('number of images', MIN_IMAGE_BYTES);
  const images = new Map<number, ColmapImage>();
  for (let i = 0; i < n; i++) {
    const start = c.offset;
    const id = c.u32(`image ${i} id`);
    const what = `image ${id}`;
    const q = [c.f64(`${what} qw`), c.f64(`${what} qx`), c.f64(`${what} qy`), c.f64(`${what} qz`)] as const;
    const t = [c.f64(`${what} tx`), c.f64(`${what} ty`), c.f64(`${what} tz`)] as const;
    const camFromWorld = transformFromColmap(q, t, (p) => c.fail(`${what}: ${p}`, start + 4));
    const cameraId = c.u32(`${what} camera id`);
    const name = c.cString(`${what} name`);
    const count = c.count(`${what} number of points2D`, POINT2D_BYTES);
    const xys = new Float64Array(count * 2);
    const point3DIds = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      xys[2 * k] = c.f64(`${what} point2D ${k} x`);
      xys[2 * k + 1] = c.f64(`${what} point2D ${k} y`);
      point3DIds[k] = c.point3DId(`${what} point2D ${k} point3D id`);
    }
    if (images.has(id)) c.fail(`image id ${id} appears twice`, start);
    images.set(id, { id, cameraId, name, camFromWorld, xys, point3DIds });
  }
  c.expectEnd();
  return images;
}

/**
 * Two lines per image: `IMAGE_ID QW QX QY QZ TX TY TZ CAMERA_ID NAME`, then `X Y POINT3D_ID …`
 * with −1 for a keypoint without a 3D point.
 */
export function readImagesText(bytes: Uint8Array, file: string): Map<number, ColmapImage> {
  const images = new Map<number, ColmapImage>();
  for (const [h, p] of imageRecordPairs(bytes, file)) {
    const id = h.integer('IMAGE_ID', UINT32_MAX);
    const what = `image ${id}`;
    const q = [h.number(`${what} QW`), h.number(`${what} QX`), h.number(`${what} QY`), h.number(`${what} QZ`)] as const;
    const t = [h.number(`${what} TX`), h.number(`${what} TY`), h.number(`${what} TZ`)] as const;
    const camFromWorld = transformFromColmap(q, t, (problem) => h.fail(`${what}: ${problem}`));
    const cameraId = h.integer(`${what} CAMERA_ID`, UINT32_MAX);
    const name = h.rest(`${what} NAME`);
    if (p.fields.length % 3 !== 0) p.fail(`${what}: POINTS2D holds ${p.fields.length} values, not a multiple of 3 (X Y POINT3D_ID)`);
    const count = p.fields.length / 3;
    const xys = new Float64Array(count * 2);
    const point3DIds = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      xys[2 * k] = p.number(`${what} point2D ${k} X`);
      xys[2 * k + 1] = p.number(`${what} point2D ${k} Y`);
      point3DIds[k] = p.integer(`${what} point2D ${k} POINT3D_ID`, MAX_ID, NO_POINT3D);
    }
    if (images.has(id)) h.fail(`image id ${id} appears twice`);
    images.set(id, { id, cameraId, name, camFromWorld, xys, point3DIds });
  }
  return images;
}
