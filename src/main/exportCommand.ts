import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isCuboidRecord, isImage2dRecord } from '../core/annotations/guards';
import type { RelationAnnotation } from '../core/annotations/relation/schema';
import type { KittiObjectCalib } from '../core/camera';
import { combineManifests } from '../core/labels/conversionManifest';
import type { LabelFrame, LabelSet } from '../core/labels/labelSet';
import type { TrackSettings } from '../core/tracks/trackSettings';
import { appRoot, resourcesDir } from './appPaths';
import { parseCommandArgs, type Writer } from './commandArgs';
import { readCalibFile, sceneFrames, TARGET_FORMATS, writeLabels, writeManifest, type TargetFormat } from './convertLabelsCommandIo';
import { Workspace, WORKSPACE_DB_FILE } from './services/workspace/workspace';

export const EXPORT_HELP = `  cairn export <openlabel|kitti|nuscenes> --workspace <dir> [--scene ID] [--scene-file scene.json] [--calib FILE] [--tracking] -o <dir>
      Export a workspace's annotations (every scene, or the one named) in an open format, with
      manifest.json and manifest.html listing what the format cannot hold. Writes a JSON summary
      on stdout. Exit status 0 on success, 1 when the workspace or a file cannot be read, 2 on
      usage errors.
      --scene-file F  the scene's manifest: frame order, timestamps, dataset frame names and LiDAR
                      poses (nuScenes boxes are global; without it frames are ordered by id)
      --calib FILE    the KITTI calibration for KITTI output
      --tracking      KITTI tracking layout (label_02/) rather than object (label_2/)
`;

const PAGE = 2000;

/** `cairn export`: returns the exit status. */
export async function runExport(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs(
    'export',
    EXPORT_HELP,
    args,
    { workspace: { type: 'string' }, scene: { type: 'string' }, 'scene-file': { type: 'string' }, calib: { type: 'string' }, tracking: { type: 'boolean' }, output: { type: 'string', short: 'o' } },
    err,
  );
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length !== 1 || !(TARGET_FORMATS as readonly string[]).includes(positionals[0])) return usage(`give one format: ${TARGET_FORMATS.join(', ')}`);
  if (!values.workspace) return usage('give the workspace with --workspace <dir>');
  if (!values.output) return usage('give the output folder with -o <dir>');
  const format = positionals[0] as TargetFormat;
  const dbFile = path.join(path.resolve(values.workspace), WORKSPACE_DB_FILE);
  if (!existsSync(dbFile)) {
    err.write(`cairn export: ${dbFile}: no such workspace database\n`);
    return 1;
  }
  let workspace: Workspace | null = null;
  try {
    const calib: KittiObjectCalib | undefined = values.calib ? readCalibFile(values.calib) : undefined;
    const scene = values['scene-file'] ? sceneFrames(values['scene-file']) : null;
    workspace = Workspace.open(values.workspace);
    const sceneIds = values.scene ? [values.scene] : scene ? [scene.sceneId] : workspace.ontologies.scenesWithAnnotations().sort();
    const version = (JSON.parse(readFileSync(path.join(appRoot(__dirname), 'package.json'), 'utf8')) as { version: string }).version;
    const ontologyId = workspaceOntologyId();
    const sets: LabelSet[] = [];
    for (const sceneId of sceneIds) {
      const stored = workspace.annotations.listScene(sceneId);
      const records = stored.filter(isCuboidRecord);
      const labels2d = stored.filter(isImage2dRecord);
      const relations = stored.filter((r): r is RelationAnnotation => r.kind === 'relation');
      if (records.length + labels2d.length + relations.length === 0 && values.scene) throw new Error(`${dbFile}: scene ${sceneId} has no annotations`);
      err.write(`scene ${sceneId}: ${records.length} cuboids, ${labels2d.length} 2D labels, ${relations.length} relations\n`);
      const frameIds = [...records, ...labels2d, ...relations].map((r) => r.frameId).concat(relations.map((r) => r.relation.lastFrameId));
      const frames: LabelFrame[] = scene && scene.sceneId === sceneId ? scene.frames : [...new Set(frameIds)].sort().map((frameId, index) => ({ frameId, index }));
      sets.push({
        sceneId,
        frames,
        records,
        labels2d,
        relations,
        tracks: trackSettings(workspace, sceneId),
        ...(ontologyId && records.length ? { ontology: { ontologyId, version: Math.max(...records.map((r) => r.ontologyVersion)) } } : {}),
        provenance: { tool: 'cairn', toolVersion: version, source: dbFile, exportedAt: new Date().toISOString() },
      });
    }
    const written = await writeLabels(format, sets, values.output, { calib, tracking: values.tracking });
    const read = sets.reduce((n, s) => n + s.records.length + (s.labels2d?.length ?? 0) + (s.relations?.length ?? 0), 0);
    const manifest = combineManifests('cairn', format, written.manifests, read, written.records);
    const notes = scene ? manifest.notes : [...manifest.notes, 'No --scene-file: frames are ordered by frameId and carry no time or pose.'];
    const files = await writeManifest(values.output, { ...manifest, notes });
    out.write(
      `${JSON.stringify({ format, workspace: path.resolve(values.workspace), scenes: sceneIds, read, written: written.records, lost: manifest.lost.map((l) => ({ field: l.field, count: l.count })), manifest: files.json, report: files.html, files: written.files }, null, 2)}\n`,
    );
    err.write(`${written.records} of ${read} annotations exported → ${values.output}\n`);
    return 0;
  } catch (e) {
    err.write(`cairn export: ${(e as Error).message}\n`);
    return 1;
  } finally {
    workspace?.close();
  }
}

/** The ontology a workspace labels under: the one it is seeded with (the app's default). */
function workspaceOntologyId(): string | null {
  try {
    const doc = JSON.parse(readFileSync(path.join(resourcesDir(appRoot(__dirname)), 'ontology', 'default.json'), 'utf8')) as { ontologyId?: unknown };
    return typeof doc.ontologyId === 'string' ? doc.ontologyId : null;
  } catch {
    return null;
  }
}

function trackSettings(workspace: Workspace, sceneId: string): Record<string, TrackSettings> {
  const out: Record<string, TrackSettings> = {};
  let after: string | undefined;
  for (;;) {
    const page = workspace.annotations.listTrackSettingsPage(sceneId, { afterTrackId: after, limit: PAGE });
    for (const t of page.tracks) out[t.trackId] = t.settings;
    if (!page.lastTrackId) return out;
    after = page.lastTrackId;
  }
}
