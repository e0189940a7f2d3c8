import { BinaryCursor } from './binaryCursor';
import { cameraModelById, cameraModelByName } from './cameraModels';
import type { ColmapCamera } from './colmapModel';
import { dataRecords, UINT32_MAX } from './textRecords';

/** camera_id u32, model_id i32, width u64, height u64, then the model's float64 params. */
const MIN_CAMERA_BYTES = 4 + 4 + 8 + 8;

export function readCamerasBinary(bytes: Uint8Array, file: string): Map<number, ColmapCamera> {
  const c = new BinaryCursor(bytes, file);
  const n = c.count('number of cameras', MIN_CAMERA_BYTES);
  const cameras = new Map<number, ColmapCamera>();
  for (let i = 0; i < n; i++) {
    const start = c.offset;
    const id = c.u32(`camera ${i} id`);
    const modelAt = c.offset;
    const modelId = c.i32(`camera ${id} model id`);
    const info = cameraModelById(modelId);
    if (typeof info === 'string') throw c.error(`camera ${id}: ${info}`, modelAt);
    const width = c.u64(`camera ${id} width`);
    const height = c.u64(`camera ${id} height`);
    const params = info.params.map((name) => c.f64(`camera ${id} parameter ${name}`));
    if (cameras.has(id)) c.fail(`camera id ${id} appears twice`, start);
    cameras.set(id, { id, modelId, model: info.name, width, height, params });
  }
  c.expectEnd();
  return cameras;
}

/** `CAMERA_ID MODEL WIDTH HEIGHT PARAMS[]` per line. */
export function readCamerasText(bytes: Uint8Array, file: string): Map<number, ColmapCamera> {
  const cameras = new Map<number, ColmapCamera>();
  for (const r of dataRecords(bytes, file)) {
    const id = r.integer('CAMERA_ID', UINT32_MAX);
    const info = cameraModelByName(r.word('MODEL'));
    if (typeof info === 'string') throw r.error(`camera ${id}: ${info}`);
    const width = r.integer('WIDTH', Number.MAX_SAFE_INTEGER);
    const height = r.integer('HEIGHT', Number.MAX_SAFE_INTEGER);
    if (r.left !== info.params.length) {
      r.fail(`camera ${id}: ${info.name} takes ${info.params.length} parameters (${info.params.join(', ')}), found ${r.left}`);
    }
    const params = info.params.map((name) => r.number(`camera ${id} parameter ${name}`));
    if (cameras.has(id)) r.fail(`camera id ${id} appears twice`);
    cameras.set(id, { id, modelId: info.id, model: info.name, width, height, params });
  }
  return cameras;
}
