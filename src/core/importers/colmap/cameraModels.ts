/**
 * COLMAP's camera models by id, with their parameter names in file order (src/colmap/sensor/models.h).
 * Ids 0–10 are the models every COLMAP release since 3.x writes; later releases added more.
 */
export const COLMAP_CAMERA_MODELS = [
  { id: 0, name: 'SIMPLE_PINHOLE', params: ['f', 'cx', 'cy'] },
  { id: 1, name: 'PINHOLE', params: ['fx', 'fy', 'cx', 'cy'] },
  { id: 2, name: 'SIMPLE_RADIAL', params: ['f', 'cx', 'cy', 'k'] },
  { id: 3, name: 'RADIAL', params: ['f', 'cx', 'cy', 'k1', 'k2'] },
  { id: 4, name: 'OPENCV', params: ['fx', 'fy', 'cx', 'cy', 'k1', 'k2', 'p1', 'p2'] },
  { id: 5, name: 'OPENCV_FISHEYE', params: ['fx', 'fy', 'cx', 'cy', 'k1', 'k2', 'k3', 'k4'] },
  { id: 6, name: 'FULL_OPENCV', params: ['fx', 'fy', 'cx', 'cy', 'k1', 'k2', 'p1', 'p2', 'k3', 'k4', 'k5', 'k6'] },
  { id: 7, name: 'FOV', params: ['fx', 'fy', 'cx', 'cy', 'omega'] },
  { id: 8, name: 'SIMPLE_RADIAL_FISHEYE', params: ['f', 'cx', 'cy', 'k'] },
  { id: 9, name: 'RADIAL_FISHEYE', params: ['f', 'cx', 'cy', 'k1', 'k2'] },
  { id: 10, name: 'THIN_PRISM_FISHEYE', params: ['fx', 'fy', 'cx', 'cy', 'k1', 'k2', 'p1', 'p2', 'k3', 'k4', 'sx1', 'sy1'] },
] as const;

export type ColmapCameraModelName = (typeof COLMAP_CAMERA_MODELS)[number]['name'];

export interface ColmapCameraModelInfo {
  readonly id: number;
  readonly name: ColmapCameraModelName;
  readonly params: readonly string[];
}

/**
 * Models of later COLMAP releases (3.12 and 4.x), named so that a model using one is refused with
 * a message saying what it is rather than "unknown id".
 */
const NEWER_MODELS: Readonly<Record<number, string>> = {
  11: 'RAD_TAN_THIN_PRISM_FISHEYE',
  12: 'SIMPLE_DIVISION',
  13: 'DIVISION',
  14: 'SIMPLE_FISHEYE',
  15: 'FISHEYE',
  16: 'EUCM',
  17: 'EQUIRECTANGULAR',
};

const byName = new Map<string, ColmapCameraModelInfo>(COLMAP_CAMERA_MODELS.map((m) => [m.name, m]));

/** The model with this id, or an explanation of why there is none (for the caller's error). */
export function cameraModelById(id: number): ColmapCameraModelInfo | string {
  const m = COLMAP_CAMERA_MODELS[id] as ColmapCameraModelInfo | undefined;
  if (Number.isInteger(id) && m) return m;
  const newer = NEWER_MODELS[id];
  if (newer) return `camera model ${id} (${newer}) is not supported; supported models are ids 0–10 (SIMPLE_PINHOLE … THIN_PRISM_FISHEYE)`;
  return `unknown camera model id ${id}; COLMAP's ids are 0–10 (SIMPLE_PINHOLE … THIN_PRISM_FISHEYE)`;
}

export function cameraModelByName(name: string): ColmapCameraModelInfo | string {
  const m = byName.get(name);
  if (m) return m;
  const newer = Object.values(NEWER_MODELS).includes(name);
  return newer
    ? `camera model ${name} is not supported; supported models are SIMPLE_PINHOLE … THIN_PRISM_FISHEYE (ids 0–10)`
    : `unknown camera model "${name}"`;
}
