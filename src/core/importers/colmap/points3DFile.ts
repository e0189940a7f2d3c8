import { BinaryCursor } from './binaryCursor';
import type { ColmapPoint3D } from './colmapModel';
import { dataRecords, UINT32_MAX } from './textRecords';

/** point3D_id u64, xyz 3×f64, rgb 3×u8, error f64, track_length u64, then (image_id u32, point2D_idx u32) each. */
const MIN_POINT_BYTES = 8 + 24 + 3 + 8 + 8;
const TRACK_ELEMENT_BYTES = 8;

export function readPoints3DBinary(bytes: Uint8Array, file: string): Map<number, ColmapPoint3D> {
  const c = new BinaryCursor(bytes, file);
  const n = c.count('number of points3D', MIN_POINT_BYTES);
  const points = new Map<number, ColmapPoint3D>();
  for (let i = 0; i < n; i++) {
    const start = c.offset;
    const id = c.u64(`point3D ${i} id`);
    const what = `point3D ${id}`;
    const xyz = [c.f64(`${what} x`), c.f64(`${what} y`), c.f64(`${what} z`)] as const;
    const rgb = [c.u8(`${what} red`), c.u8(`${what} green`), c.u8(`${what} blue`)] as const;
    const error = c.f64(`${what} error`);
    const length = c.count(`${what} track length`, TRACK_ELEMENT_BYTES);
    const imageIds = new Uint32Array(length);
    const point2DIdxs = new Uint32Array(length);
    for (let k = 0; k < length; k++) {
      imageIds[k] = c.u32(`${what} track element ${k} image id`);
      point2DIdxs[k] = c.u32(`${what} track element ${k} point2D index`);
    }
    if (points.has(id)) c.fail(`point3D id ${id} appears twice`, start);
    points.set(id, { id, xyz: [...xyz], rgb, error, imageIds, point2DIdxs });
  }
  c.expectEnd();
  return points;
}

/** `POINT3D_ID X Y Z R G B ERROR TRACK[] as (IMAGE_ID, POINT2D_IDX)` per line. */
export function readPoints3DText(bytes: Uint8Array, file: string): Map<number, ColmapPoint3D> {
  const points = new Map<number, ColmapPoint3D>();
  for (const r of dataRecords(bytes, file)) {
    const id = r.integer('POINT3D_ID', Number.MAX_SAFE_INTEGER);
    const what = `point3D ${id}`;
    const xyz = [r.number(`${what} X`), r.number(`${what} Y`), r.number(`${what} Z`)] as const;
    const rgb = [r.integer(`${what} R`, 255), r.integer(`${what} G`, 255), r.integer(`${what} B`, 255)] as const;
    const error = r.number(`${what} ERROR`);
    if (r.left % 2 !== 0) r.fail(`${what}: TRACK holds ${r.left} values, not pairs of IMAGE_ID POINT2D_IDX`);
    const length = r.left / 2;
    const imageIds = new Uint32Array(length);
    const point2DIdxs = new Uint32Array(length);
    for (let k = 0; k < length; k++) {
      imageIds[k] = r.integer(`${what} track element ${k} IMAGE_ID`, UINT32_MAX);
      point2DIdxs[k] = r.integer(`${what} track element ${k} POINT2D_IDX`, UINT32_MAX);
    }
    if (points.has(id)) r.fail(`point3D id ${id} appears twice`);
    points.set(id, { id, xyz: [...xyz], rgb, error, imageIds, point2DIdxs });
  }
  return points;
}
