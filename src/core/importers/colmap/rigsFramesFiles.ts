import { BinaryCursor } from './binaryCursor';
import type { ColmapDataId, ColmapFrame, ColmapRig, ColmapRigSensor, ColmapSensorId, ColmapSensorType } from './colmapModel';
import { transformFromColmap } from './poses';
import { dataRecords, UINT32_MAX, type TextRecord } from './textRecords';

/** COLMAP's SensorType enum: the int in binary files, the name in text files. */
const SENSOR_TYPES: Readonly<Record<number, ColmapSensorType>> = { [-1]: 'INVALID', 0: 'CAMERA', 1: 'IMU' };
const SENSOR_NAMES = new Set<string>(Object.values(SENSOR_TYPES));

function sensorBinary(c: BinaryCursor, what: string): ColmapSensorId {
  const at = c.offset;
  const code = c.i32(`${what} sensor type`);
  const type = SENSOR_TYPES[code];
  if (!type) throw c.error(`${what}: unknown sensor type ${code} (COLMAP knows -1 INVALID, 0 CAMERA, 1 IMU)`, at);
  return { type, id: c.u32(`${what} sensor id`) };
}

function sensorText(r: TextRecord, what: string): ColmapSensorId {
  const type = r.word(`${what} SENSOR_TYPE`);
  if (!SENSOR_NAMES.has(type)) r.fail(`${what}: unknown sensor type "${type}" (COLMAP knows INVALID, CAMERA, IMU)`);
  return { type: type as ColmapSensorType, id: r.integer(`${what} SENSOR_ID`, UINT32_MAX) };
}

function poseBinary(c: BinaryCursor, what: string) {
  const at = c.offset;
  const q = [c.f64(`${what} qw`), c.f64(`${what} qx`), c.f64(`${what} qy`), c.f64(`${what} qz`)] as const;
  const t = [c.f64(`${what} tx`), c.f64(`${what} ty`), c.f64(`${what} tz`)] as const;
  return transformFromColmap(q, t, (p) => c.fail(`${what}: ${p}`, at));
}

function poseText(r: TextRecord, what: string) {
  const q = [r.number(`${what} QW`), r.number(`${what} QX`), r.number(`${what} QY`), r.number(`${what} QZ`)] as const;
  const t = [r.number(`${what} TX`), r.number(`${what} TY`), r.number(`${what} TZ`)] as const;
  return transformFromColmap(q, t, (p) => r.fail(`${what}: ${p}`));
}

/** rig_id u32, num_sensors u32, [ref sensor (type i32, id u32)], then per other sensor: type i32, id u32, has_pose u8, [qvec wxyz, tvec]. */
const MIN_RIG_BYTES = 8;
const MIN_SENSOR_BYTES = 9;

export function readRigsBinary(bytes: Uint8Array, file: string): Map<number, ColmapRig> {
  const c = new BinaryCursor(bytes, file);
  const n = c.count('number of rigs', MIN_RIG_BYTES);
  const rigs = new Map<number, ColmapRig>();
  for (let i = 0; i < n; i++) {
    const start = c.offset;
    const id = c.u32(`rig ${i} id`);
    const numSensors = c.count32(`rig ${id} number of sensors`, MIN_SENSOR_BYTES - 1);
    const refSensor = numSensors > 0 ? sensorBinary(c, `rig ${id} reference sensor`) : null;
    const sensors: ColmapRigSensor[] = [];
    for (let k = 1; k < numSensors; k++) {
      const what = `rig ${id} sensor ${k}`;
      const sensor = sensorBinary(c, what);
      const hasPose = c.u8(`${what} has_pose`);
      if (hasPose > 1) c.fail(`${what}: has_pose is ${hasPose}, not 0 or 1`, c.offset - 1);
      sensors.push({ sensor, sensorFromRig: hasPose ? poseBinary(c, `${what} sensor_from_rig`) : null });
    }
    if (rigs.has(id)) c.fail(`rig id ${id} appears twice`, start);
    rigs.set(id, { id, refSensor, sensors });
  }
  c.expectEnd();
  return rigs;
}

/** `RIG_ID NUM_SENSORS [REF_SENSOR_TYPE REF_SENSOR_ID] (SENSOR_TYPE SENSOR_ID HAS_POSE [QW QX QY QZ TX TY TZ])…` */
export function readRigsText(bytes: Uint8Array, file: string): Map<number, ColmapRig> {
  const rigs = new Map<number, ColmapRig>();
  for (const r of dataRecords(bytes, file)) {
    const id = r.integer('RIG_ID', UINT32_MAX);
    const numSensors = r.integer(`rig ${id} NUM_SENSORS`, UINT32_MAX);
    // Every sensor takes at least two fields: a larger count is corrupt, and is caught before looping on it.
    if (numSensors * 2 > r.left) r.fail(`rig ${id}: NUM_SENSORS is ${numSensors}, but only ${r.left} values follow`);
    const refSensor = numSensors > 0 ? sensorText(r, `rig ${id} reference sensor`) : null;
    const sensors: ColmapRigSensor[] = [];
    for (let k = 1; k < numSensors; k++) {
      const what = `rig ${id} sensor ${k}`;
      const sensor = sensorText(r, what);
      const hasPose = r.integer(`${what} HAS_POSE`, 1);
      sensors.push({ sensor, sensorFromRig: hasPose ? poseText(r, `${what} sensor_from_rig`) : null });
    }
    r.expectEnd(`rig ${id}`);
    if (rigs.has(id)) r.fail(`rig id ${id} appears twice`);
    rigs.set(id, { id, refSensor, sensors });
  }
  return rigs;
}

/** frame_id u32, rig_id u32, rig_from_world (qvec wxyz, tvec), num_data_ids u32, then (type i32, sensor id u32, data id u64) each. */
const MIN_FRAME_BYTES = 4 + 4 + 56 + 4;
const DATA_ID_BYTES = 16;

export function readFramesBinary(bytes: Uint8Array, file: string): Map<number, ColmapFrame> {
  const c = new BinaryCursor(bytes, file);
  const n = c.count('number of frames', MIN_FRAME_BYTES);
  const frames = new Map<number, ColmapFrame>();
  for (let i = 0; i < n; i++) {
    const start = c.offset;
    const id = c.u32(`frame ${i} id`);
    const rigId = c.u32(`frame ${id} rig id`);
    const rigFromWorld = poseBinary(c, `frame ${id} rig_from_world`);
    const count = c.count32(`frame ${id} number of data ids`, DATA_ID_BYTES);
    const dataIds: ColmapDataId[] = [];
    for (let k = 0; k < count; k++) {
      const sensor = sensorBinary(c, `frame ${id} data ${k}`);
      dataIds.push({ sensor, id: c.u64(`frame ${id} data ${k} id`) });
    }
    if (frames.has(id)) c.fail(`frame id ${id} appears twice`, start);
    frames.set(id, { id, rigId, rigFromWorld, dataIds });
  }
  c.expectEnd();
  return frames;
}

/** `FRAME_ID RIG_ID QW QX QY QZ TX TY TZ NUM_DATA_IDS (SENSOR_TYPE SENSOR_ID DATA_ID)…` */
export function readFramesText(bytes: Uint8Array, file: string): Map<number, ColmapFrame> {
  const frames = new Map<number, ColmapFrame>();
  for (const r of dataRecords(bytes, file)) {
    const id = r.integer('FRAME_ID', UINT32_MAX);
    const rigId = r.integer(`frame ${id} RIG_ID`, UINT32_MAX);
    const rigFromWorld = poseText(r, `frame ${id} rig_from_world`);
    const count = r.integer(`frame ${id} NUM_DATA_IDS`, UINT32_MAX);
    if (count * 3 !== r.left) r.fail(`frame ${id}: NUM_DATA_IDS is ${count}, but ${r.left} values follow (3 per data id)`);
    const dataIds: ColmapDataId[] = [];
    for (let k = 0; k < count; k++) {
      const sensor = sensorText(r, `frame ${id} data ${k}`);
      dataIds.push({ sensor, id: r.integer(`frame ${id} data ${k} DATA_ID`, Number.MAX_SAFE_INTEGER) });
    }
    r.expectEnd(`frame ${id}`);
    if (frames.has(id)) r.fail(`frame id ${id} appears twice`);
    frames.set(id, { id, rigId, rigFromWorld, dataIds });
  }
  return frames;
}
