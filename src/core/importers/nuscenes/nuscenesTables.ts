import { z } from 'zod';
import { parseJson } from '../../io/parseJson';
import { DatasetRootError, joinPath, type DatasetFiles } from '../datasetFiles';
import type { ImportReportBuilder } from '../importReport';

const token = z.string().min(1);
const vec3 = z.tuple([z.number(), z.number(), z.number()]);
/** nuScenes quaternions are scalar first: (w, x, y, z). */
const quatWxyz = z.tuple([z.number(), z.number(), z.number(), z.number()]);

const schemas = {
  scene: z.object({ token, name: z.string().min(1), description: z.string().optional(), log_token: z.string().optional() }),
  sample: z.object({ token, timestamp: z.number(), scene_token: token }),
  sample_data: z.object({
    token,
    sample_token: token,
    ego_pose_token: token,
    calibrated_sensor_token: token,
    timestamp: z.number().describe('microseconds'),
    filename: z.string().min(1),
    is_key_frame: z.boolean(),
    width: z.number().int().nonnegative().optional(),
    height: z.number().int().nonnegative().optional(),
  }),
  calibrated_sensor: z.object({
    token,
    sensor_token: token,
    translation: vec3,
    rotation: quatWxyz,
    camera_intrinsic: z.array(z.array(z.number())).optional(),
  }),
  sensor: z.object({ token, channel: z.string().min(1), modality: z.string() }),
  ego_pose: z.object({ token, translation: vec3, rotation: quatWxyz }),
  sample_annotation: z.object({
    token,
    sample_token: token,
    instance_token: token,
    attribute_tokens: z.array(z.string()).default([]),
    visibility_token: z.string().optional(),
    translation: vec3,
    size: vec3.describe('width, length, height'),
    rotation: quatWxyz,
    num_lidar_pts: z.number().optional(),
    num_radar_pts: z.number().optional(),
  }),
  instance: z.object({ token, category_token: token }),
  category: z.object({ token, name: z.string().min(1) }),
  attribute: z.object({ token, name: z.string().min(1) }),
  visibility: z.object({ token, level: z.string() }),
  log: z.object({ token, location: z.string().optional(), vehicle: z.string().optional(), date_captured: z.string().optional() }),
};

type Schemas = typeof schemas;
export type TableName = keyof Schemas;
export type NuScenesRecord<T extends TableName> = z.infer<Schemas[T]>;
export type NuScenesTables = { [T in TableName]: Map<string, NuScenesRecord<T>> } & {
  /** Tables Cairn reads no further than to count them (lidarseg, panoptic, map). */
  readonly uncounted: { name: string; count: number }[];
};

const REQUIRED: readonly TableName[] = ['scene', 'sample', 'sample_data', 'calibrated_sensor', 'sensor', 'ego_pose'];
const OTHER_TABLES = ['lidarseg', 'panoptic', 'map'];

/**
 * Reads the v1.0 tables in `dir`. A required table that is missing or unreadable means there is
 * nothing to import (DatasetRootError); an optional one is reported. Records that do not match
 * the schema are reported by table and position and left out; the rest are kept.
 */
export async function readNuScenesTables(files: DatasetFiles, dir: string, report: ImportReportBuilder): Promise<NuScenesTables> {
  const names = await files.list(dir);
  const tables = { uncounted: [] } as unknown as { -readonly [K in keyof NuScenesTables]: NuScenesTables[K] };
  for (const name of Object.keys(schemas) as TableName[]) {
    const path = joinPath(dir, `${name}.json`);
    const records = names.includes(`${name}.json`) ? await readTable(files, path, report) : null;
    if (!records) {
      if (REQUIRED.includes(name)) throw new DatasetRootError(files.root, `${path}: ${names.includes(`${name}.json`) ? 'unreadable' : 'missing'}; a nuScenes dataset needs ${REQUIRED.map((n) => `${n}.json`).join(', ')}`);
      if (!names.includes(`${name}.json`)) report.warning(path, 'missing table; what it holds is not imported');
    }
    const map = new Map<string, unknown>();
    (records ?? []).forEach((record, i) => {
      const parsed = schemas[name].safeParse(record);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        report.error(path, `record ${i}${tokenOf(record)}: ${issue.path.join('.') || '(record)'}: ${issue.message}; record skipped`);
        return;
      }
      map.set(parsed.data.token, parsed.data);
    });
    (tables as Record<string, unknown>)[name] = map;
  }
  for (const name of OTHER_TABLES) {
    if (!names.includes(`${name}.json`)) continue;
    const records = await readTable(files, joinPath(dir, `${name}.json`), report);
    if (records) tables.uncounted.push({ name, count: records.length });
  }
  return tables as NuScenesTables;
}

function tokenOf(record: unknown): string {
  const t = (record as { token?: unknown } | null)?.token;
  return typeof t === 'string' ? ` (token ${t})` : '';
}

/**
 * A table's records. Python's json module writes NaN and Infinity, which JSON does not allow; they
 * are read as null so that only the records holding them fail (and are reported), not the table.
 */
async function readTable(files: DatasetFiles, path: string, report: ImportReportBuilder): Promise<unknown[] | null> {
  let text: string;
  try {
    text = await files.readText(path);
  } catch (e) {
    report.error(path, `cannot read: ${(e as Error).message}`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const lenient = text.replace(/([:,[]\s*)-?(?:NaN|Infinity)(?=\s*[,\]}])/g, '$1null');
    try {
      json = JSON.parse(lenient);
      report.warning(path, 'holds NaN or Infinity, which JSON does not allow; read as null');
    } catch {
      const parsed = parseJson(lenient);
      report.error(path, parsed.ok ? 'is not valid JSON' : parsed.problem);
      return null;
    }
  }
  if (!Array.isArray(json)) {
    report.error(path, 'not a JSON array of records');
    return null;
  }
  return json;
}
