import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { composeTransforms, parseKittiCalib, type KittiObjectCalib } from '../core/camera';
import type { ConversionManifest } from '../core/labels/conversionManifest';
import { readKittiObject, readKittiTracking, type KittiObjectSample } from '../core/labels/kittiRead';
import { writeKittiObject, writeKittiTracking } from '../core/labels/kittiWrite';
import type { LabelFrame, LabelSet } from '../core/labels/labelSet';
import { readNuScenes } from '../core/labels/nuscenesRead';
import { writeNuScenes } from '../core/labels/nuscenesWrite';
import { readOpenLabel } from '../core/labels/openlabelRead';
import { writeOpenLabel } from '../core/labels/openlabelWrite';
import { parseSceneManifest } from '../core/scene/manifest';

export const SOURCE_FORMATS = ['kitti', 'kitti-tracking', 'nuscenes', 'openlabel'] as const;
export const TARGET_FORMATS = ['openlabel', 'kitti', 'nuscenes'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];
export type TargetFormat = (typeof TARGET_FORMATS)[number];

/** A problem with one input file: the message starts with its path. */
export class LabelInputError extends Error {}

export interface ReadLabelsOptions {
  readonly sceneId?: string;
  /** The scene the labels join: frames matched by KITTI stem / frame number, else by position. */
  readonly frames?: readonly LabelFrame[];
  readonly author?: string;
  readonly now?: number;
}

export interface ReadLabels {
  readonly sets: LabelSet[];
  readonly manifests: ConversionManifest[];
}

const fail = (file: string, message: string): never => {
  throw new LabelInputError(`${file}: ${message}`);
};

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    return fail(file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message);
  }
}

function readJson(file: string): unknown {
  const text = readText(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(file, `not valid JSON (${(e as Error).message})`);
  }
}

function calibAt(file: string): KittiObjectCalib {
  try {
    return parseKittiCalib(readText(file), file);
  } catch (e) {
    if (e instanceof LabelInputError) throw e;
    return fail(file, (e as Error).message.replace(`${file}: `, ''));
  }
}

/** Runs a converter, turning its errors (which name the file) into input errors. */
function converting<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof LabelInputError) throw e;
    const message = (e as Error).message;
    throw new LabelInputError(message.includes(file) ? message : `${file}: ${message}`);
  }
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** The folder under `root` (itself, training/, or one or two levels down) that holds `child`. */
export function folderHolding(root: string, child: string): string | null {
  const candidates = [root, path.join(root, 'training')];
  if (isDir(root)) {
    for (const a of readdirSync(root).sort()) {
      candidates.push(path.join(root, a));
      if (isDir(path.join(root, a))) for (const b of readdirSync(path.join(root, a)).sort()) candidates.push(path.join(root, a, b));
    }
  }
  return candidates.find((c) => existsSync(path.join(c, child))) ?? null;
}

/** Reads labels (and the calibration they need) from a dataset's own layout or a single file. */
export function readLabels(format: SourceFormat, location: string, options: ReadLabelsOptions = {}, progress: (line: string) => void = () => {}): ReadLabels {
  if (!existsSync(location)) fail(location, 'no such file or folder');
  const common = { author: options.author, now: options.now, sceneId: options.sceneId };
  const byStem = new Map((options.frames ?? []).filter((f) => f.sourceId).map((f) => [f.sourceId!, f.frameId] as const));
  const frameIdFor = options.frames ? (id: string) => byStem.get(id) ?? byStem.get(String(Number(id))) : undefined;
  if (format === 'openlabel') {
    const doc = readJson(location);
    const read = converting(location, () => readOpenLabel(doc, { source: location, ...common }));
    return { sets: [withSceneFrames(read.set, options.frames)], manifests: [read.manifest] };
  }
  if (format === 'kitti') {
    const single = location.endsWith('.txt') && !isDir(location);
    const split = single ? path.dirname(path.dirname(location)) : folderHolding(location, 'label_2');
    if (!split) return fail(location, 'no label_2/ folder here or under training/ (a KITTI object dataset, or one label_2/*.txt file)');
    const stems = single ? [path.basename(location, '.txt')] : readdirSync(path.join(split, 'label_2')).filter((n) => n.endsWith('.txt')).map((n) => n.slice(0, -4)).sort();
    const samples: KittiObjectSample[] = stems.map((stem) => {
      const labelPath = path.join(split, 'label_2', `${stem}.txt`);
      const calibPath = path.join(split, 'calib', `${stem}.txt`);
      return { stem, labels: readText(labelPath), labelPath, calib: calibAt(calibPath), calibPath };
    });
    progress(`read ${samples.length} KITTI label files from ${path.join(split, 'label_2')}`);
    const read = converting(location, () => readKittiObject(samples, { name: path.basename(path.resolve(split)), ...common, frameIdFor }));
    return { sets: [read.set], manifests: [read.manifest] };
  }
  if (format === 'kitti-tracking') {
    const single = location.endsWith('.txt') && !isDir(location);
    const split = single ? path.dirname(path.dirname(location)) : folderHolding(location, 'label_02');
    if (!split) return fail(location, 'no label_02/ folder here or under training/ (a KITTI tracking dataset, or one label_02/*.txt file)');
    const sequences = single ? [path.basename(location, '.txt')] : readdirSync(path.join(split, 'label_02')).filter((n) => n.endsWith('.txt')).map((n) => n.slice(0, -4)).sort();
    const sets: LabelSet[] = [];
    const manifests: ConversionManifest[] = [];
    for (const sequence of sequences) {
      const labelPath = path.join(split, 'label_02', `${sequence}.txt`);
      const calibPath = path.join(split, 'calib', `${sequence}.txt`);
      const scans = path.join(split, 'velodyne', sequence);
      const frameNumbers = isDir(scans) ? readdirSync(scans).filter((n) => /^\d+\.bin$/.test(n)).map((n) => Number(n.slice(0, -4))) : undefined;
      const read = converting(labelPath, () =>
        readKittiTracking({ sequence, labels: readText(labelPath), labelPath, calib: calibAt(calibPath), calibPath, frameNumbers }, { name: path.basename(path.resolve(split)), ...common, frameIdFor }),
      );
      progress(`read KITTI tracking sequence ${sequence}: ${read.set.records.length} labels`);
      sets.push(read.set);
      manifests.push(read.manifest);
    }
    return { sets, manifests };
  }
  const dir = folderHolding(location, 'sample_annotation.json');
  if (!dir) return fail(location, 'no sample_annotation.json here or in a folder below (a nuScenes dataset\'s table folder, e.g. v1.0-mini/)');
  const tables: Record<string, unknown[]> = {};
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const json = readJson(path.join(dir, name));
    if (!Array.isArray(json)) fail(path.join(dir, name), 'not a JSON array of records');
    tables[name.slice(0, -5)] = json as unknown[];
  }
  progress(`read ${Object.keys(tables).length} nuScenes tables from ${dir}`);
  const read = converting(dir, () => readNuScenes(tables, { source: dir, ...common, ...(options.frames ? { frames: options.frames } : {}) }));
  return { sets: [read.set], manifests: [read.manifest] };
}

/** Labels read from a file keep their own frames' ids unless the scene they join is known: then its frames, by position. */
function withSceneFrames(set: LabelSet, frames: readonly LabelFrame[] | undefined): LabelSet {
  if (!frames) return set;
  const byIndex = new Map(frames.map((f) => [f.index, f]));
  const remap = new Map(set.frames.map((f) => [f.frameId, byIndex.get(f.index)?.frameId ?? f.frameId]));
  return { ...set, frames: [...frames], records: set.records.map((r) => ({ ...r, frameId: remap.get(r.frameId)! })), ...(set.labels2d ? { labels2d: set.labels2d.map((r) => ({ ...r, frameId: remap.get(r.frameId)! })) } : {}) };
}

export interface WriteLabelsOptions {
  /** For KITTI output where the labels carry no calibration. */
  readonly calib?: KittiObjectCalib;
  /** KITTI tracking layout (label_02/) rather than object (label_2/). */
  readonly tracking?: boolean;
}

export interface WrittenLabels {
  readonly files: string[];
  readonly manifests: ConversionManifest[];
  readonly records: number;
}

/** Writes each label set in the target format under `outDir` (one set directly, several in a folder each). */
export async function writeLabels(format: TargetFormat, sets: readonly LabelSet[], outDir: string, options: WriteLabelsOptions = {}): Promise<WrittenLabels> {
  const files: string[] = [];
  const manifests: ConversionManifest[] = [];
  let records = 0;
  const taken = new Set<string>();
  for (const set of sets) {
    const base = sets.length > 1 && !(format === 'kitti' && options.tracking) ? path.join(outDir, folderName(set.sceneName ?? set.sceneId, taken)) : outDir;
    const out: { path: string; text: string }[] = [];
    if (format === 'openlabel') {
      const { document, manifest } = writeOpenLabel(set);
      out.push({ path: 'openlabel.json', text: `${JSON.stringify(document, null, 2)}\n` });
      manifests.push(manifest);
    } else if (format === 'kitti') {
      const sequence = /(\d{4})$/.exec(set.sceneName ?? '')?.[1] ?? String(sets.indexOf(set)).padStart(4, '0');
      const { files: kittiFiles, manifest } = options.tracking ? writeKittiTracking(set, { calib: options.calib, sequence }) : writeKittiObject(set, { calib: options.calib });
      out.push(...kittiFiles);
      manifests.push(manifest);
    } else {
      const { tables, manifest } = writeNuScenes(set);
      for (const [name, rows] of Object.entries(tables)) out.push({ path: `${name}.json`, text: `${JSON.stringify(rows, null, 2)}\n` });
      manifests.push(manifest);
    }
    records += manifests[manifests.length - 1].written;
    for (const f of out) {
      const file = path.join(base, f.path);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, f.text);
      files.push(file);
    }
  }
  return { files, manifests, records };
}

function folderName(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'scene';
  let candidate = base;
  for (let i = 2; taken.has(candidate); i++) candidate = `${base}-${i}`;
  taken.add(candidate);
  return candidate;
}

/** manifest.json and a page a person reads (what was lost, how many, examples) beside the output. */
export async function writeManifest(outDir: string, manifest: ConversionManifest): Promise<{ json: string; html: string }> {
  await mkdir(outDir, { recursive: true });
  const json = path.join(outDir, 'manifest.json');
  const html = path.join(outDir, 'manifest.html');
  await writeFile(json, `${JSON.stringify(manifest, null, 2)}\n`);
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const rows = manifest.lost.map((l) => `<tr><td>${esc(l.field)}</td><td class="n">${l.count}</td><td>${esc(l.why)}</td><td>${l.examples.map(esc).join('<br>')}</td></tr>`).join('\n');
  await writeFile(
    html,
    `<!doctype html><html><head><meta charset="utf-8"><title>Labels ${esc(manifest.from)} → ${esc(manifest.to)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}.n{text-align:right}</style></head>
<body><h1>Labels ${esc(manifest.from)} → ${esc(manifest.to)}</h1><p>${manifest.read} read, ${manifest.written} written.</p>
<h2>Not held by the target (${manifest.lost.length === 0 ? 'nothing lost' : `${manifest.lost.length} kinds`})</h2>
${manifest.lost.length ? `<table><tr><th>field</th><th>count</th><th>why</th><th>examples</th></tr>\n${rows}</table>` : '<p>Every field the source held is in the output.</p>'}
<h2>Conventions</h2><ul>${manifest.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></body></html>\n`,
  );
  return { json, html };
}

/** A scene manifest's frames as label frames: order, time, dataset name and each LiDAR's pose in the world. */
export function sceneFrames(sceneFile: string): { sceneId: string; frames: LabelFrame[] } {
  const scene = converting(sceneFile, () => parseSceneManifest(readJson(sceneFile), sceneFile));
  const lidars = scene.sensors.filter((s) => s.kind === 'lidar');
  const frames = scene.frames.map((f) => ({
    frameId: f.frameId,
    index: f.index,
    timestamp: f.timestamp,
    ...(f.sourceId ? { sourceId: f.sourceId } : {}),
    worldFrom: Object.fromEntries(lidars.map((s) => [s.sensorId, composeTransforms(f.worldFromEgo, s.egoFromSensor)])),
  }));
  return { sceneId: scene.sceneId, frames };
}

export function readCalibFile(file: string): KittiObjectCalib {
  return calibAt(file);
}
