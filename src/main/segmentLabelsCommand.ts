import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { labelPatchRecord } from '../core/annotations/labelPatch/record';
import type { LabelPatchAnnotation } from '../core/annotations/labelPatch/schema';
import { newId } from '../core/model/ids';
import { parseSceneManifest, type SceneManifest } from '../core/scene/manifest';
import { FrameLabelCache } from '../core/segmentation/frameLabels';
import { replacePatch } from '../core/segmentation/replacePatch';
import { countsByClass, decodeLabelFile, encodeLabelFile } from '../core/segmentation/semanticKitti';
import { appRoot, currentUser, resourcesDir } from './appPaths';
import { parseCommandArgs, type Writer } from './commandArgs';
import { Workspace, WORKSPACE_DB_FILE } from './services/workspace/workspace';

export const SEGMENT_LABELS_HELP = `  cairn segment-labels <export|import> --workspace <dir> --scene-file <scene.json> <labels dir>
      A scene's point segmentation as SemanticKITTI .label files, one per frame (named by the
      frame's index, 000000.label), one uint32 per point in the scan's order: export writes every
      frame that has labels and labels.json (points per class); import reads the files it finds
      and writes each frame's changes as one label patch (one undo step in the app). Writes a JSON
      summary on stdout, progress on stderr. Exit status 0 on success, 1 when a file cannot be
      read (the file is named), 2 on usage errors.
`;

interface FrameSummary {
  readonly frameId: string;
  readonly index: number;
  readonly file: string;
  readonly points: number;
  /** export: points per semantic class; import: points changed. */
  readonly counts?: Record<string, number>;
  readonly changed?: number;
}

/** `cairn segment-labels`: returns the exit status. */
export async function runSegmentLabels(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs('segment-labels', SEGMENT_LABELS_HELP, args, { workspace: { type: 'string' }, 'scene-file': { type: 'string' } }, err);
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  const [action, dir] = positionals;
  if ((action !== 'export' && action !== 'import') || !dir || positionals.length !== 2) return usage('give export or import, then the labels folder');
  if (!values.workspace) return usage('give the workspace with --workspace <dir>');
  if (!values['scene-file']) return usage("give the scene's manifest with --scene-file <scene.json> (frame order and point counts)");
  const dbFile = path.join(path.resolve(values.workspace), WORKSPACE_DB_FILE);
  if (action === 'import' && !existsSync(dbFile)) {
    err.write(`cairn segment-labels: ${dbFile}: no such workspace database\n`);
    return 1;
  }
  let workspace: Workspace | null = null;
  try {
    const sceneFile = values['scene-file'];
    const scene = parseSceneManifest(JSON.parse(readFileSync(sceneFile, 'utf8')), sceneFile);
    workspace = Workspace.open(values.workspace);
    const frames = action === 'export' ? await exportFrames(workspace, scene, sceneFile, dir, err) : importFrames(workspace, scene, sceneFile, dir, err);
    out.write(`${JSON.stringify({ action, workspace: path.resolve(values.workspace), sceneId: scene.sceneId, folder: path.resolve(dir), frames }, null, 2)}\n`);
    err.write(`${frames.length} frame${frames.length === 1 ? '' : 's'} ${action === 'export' ? 'exported' : 'imported'}\n`);
    return 0;
  } catch (e) {
    err.write(`cairn segment-labels: ${(e as Error).message}\n`);
    return 1;
  } finally {
    workspace?.close();
  }
}

/** A frame's point count, from its LiDAR sweep's manifest entry: the length a .label file must have. */
function pointCountOf(frame: SceneManifest['frames'][number], sceneFile: string): number {
  const counts = Object.values(frame.pointClouds).map((c) => c.pointCount);
  if (counts.length !== 1 || counts[0] === undefined) throw new Error(`${sceneFile}: frame ${frame.index} needs exactly one point cloud with a pointCount for its labels to line up`);
  return counts[0];
}

const fileOf = (index: number) => `${String(index).padStart(6, '0')}.label`;

function patchesOf(workspace: Workspace, sceneId: string, frameId: string): LabelPatchAnnotation[] {
  return workspace.annotations.listFrame(sceneId, frameId).filter((r): r is LabelPatchAnnotation => r.kind === 'labelPatch');
}

async function exportFrames(workspace: Workspace, scene: SceneManifest, sceneFile: string, dir: string, err: Writer): Promise<FrameSummary[]> {
  await mkdir(dir, { recursive: true });
  const cache = new FrameLabelCache(1);
  const frames: FrameSummary[] = [];
  for (const frame of scene.frames) {
    const patches = patchesOf(workspace, scene.sceneId, frame.frameId);
    if (patches.length === 0) continue;
    const points = pointCountOf(frame, sceneFile);
    const { labels } = cache.labels(frame.frameId, points, patches);
    await writeFile(path.join(dir, fileOf(frame.index)), encodeLabelFile(labels));
    const counts = Object.fromEntries([...countsByClass(labels)].map(([semantic, n]) => [String(semantic), n]));
    frames.push({ frameId: frame.frameId, index: frame.index, file: fileOf(frame.index), points, counts });
    err.write(`frame ${frame.index}: ${patches.length} patches → ${fileOf(frame.index)}\n`);
  }
  await writeFile(path.join(dir, 'labels.json'), `${JSON.stringify({ format: 'semantickitti-label', sceneId: scene.sceneId, frames }, null, 2)}\n`);
  return frames;
}

function importFrames(workspace: Workspace, scene: SceneManifest, sceneFile: string, dir: string, err: Writer): FrameSummary[] {
  const cache = new FrameLabelCache(1);
  const author = currentUser();
  const frames: FrameSummary[] = [];
  for (const frame of scene.frames) {
    const file = path.join(dir, fileOf(frame.index));
    if (!existsSync(file)) continue;
    const points = pointCountOf(frame, sceneFile);
    const next = decodeLabelFile(new Uint8Array(readFileSync(file)), points, file);
    const patches = patchesOf(workspace, scene.sceneId, frame.frameId);
    const patch = replacePatch(frame.frameId, cache.labels(frame.frameId, points, patches).labels, next);
    if (patch) {
      const at = Date.now();
      const record = labelPatchRecord(patch, {
        objectId: newId(),
        sceneId: scene.sceneId,
        // A file writes many classes at once: its record names the ontology's catch-all class and no one label.
        classId: 'other',
        label: 0,
        ordinal: patches.reduce((m, r) => Math.max(m, r.ordinal + 1), 0),
        ontologyVersion: currentOntologyVersion(workspace),
        author,
        at,
      });
      workspace.annotations.apply({ opId: newId(), sceneId: scene.sceneId, author, at, label: `Import ${fileOf(frame.index)}`, changes: [{ objectId: record.objectId, before: null, after: record }] });
    }
    frames.push({ frameId: frame.frameId, index: frame.index, file: fileOf(frame.index), points, changed: patch?.changed ?? 0 });
    err.write(`frame ${frame.index}: ${(patch?.changed ?? 0).toLocaleString('en-US')} points changed\n`);
  }
  return frames;
}

/** The version of the workspace's ontology (the app's default one) that new records are made under. */
function currentOntologyVersion(workspace: Workspace): number {
  const doc = JSON.parse(readFileSync(path.join(resourcesDir(appRoot(__dirname)), 'ontology', 'default.json'), 'utf8')) as { ontologyId: string; version: number };
  const stored = workspace.ontologies.versions(doc.ontologyId);
  return stored.length ? Math.max(...stored.map((v) => v.ontology.version)) : doc.version;
}
