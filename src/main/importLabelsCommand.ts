import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Operation } from '../core/editor/changes';
import { canonicalJson } from '../core/model/annotation';
import { isUuid } from '../core/model/ids';
import { combineManifests } from '../core/labels/conversionManifest';
import { currentUser } from './appPaths';
import { parseCommandArgs, type Writer } from './commandArgs';
import { readLabels, sceneFrames, SOURCE_FORMATS, writeManifest, type SourceFormat } from './convertLabelsCommandIo';
import { Workspace } from './services/workspace/workspace';

export const IMPORT_LABELS_HELP = `  cairn import-labels <kitti|kitti-tracking|nuscenes|openlabel> <file or dir> --workspace <dir> --scene ID [--scene-file scene.json] [-o <dir>]
      Import labels into a workspace scene as one editor operation (in the history, undone as one
      step): new objects are created, ones with the same objectId updated. KITTI frames join the
      scene's by their file names; --scene-file matches frames by name or position. Writes a JSON
      summary on stdout and, with -o, manifest.json and manifest.html (what the source held that
      Cairn cannot). Exit status 0 on success, 1 when an input cannot be read, 2 on usage errors.
`;

/** The most changes one operation may hold (the operation schema's limit). */
const MAX_CHANGES = 10_000;

/** `cairn import-labels`: returns the exit status. */
export async function runImportLabels(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs(
    'import-labels',
    IMPORT_LABELS_HELP,
    args,
    { workspace: { type: 'string' }, scene: { type: 'string' }, 'scene-file': { type: 'string' }, output: { type: 'string', short: 'o' } },
    err,
  );
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length !== 2) return usage('give the format and the file or folder to import');
  const [format, location] = positionals;
  if (!(SOURCE_FORMATS as readonly string[]).includes(format)) return usage(`unknown format "${format}"; one of ${SOURCE_FORMATS.join(', ')}`);
  if (!values.workspace) return usage('give the workspace with --workspace <dir>');
  const scene = values['scene-file'] ? safe(() => sceneFrames(values['scene-file']!), err) : null;
  if (scene === undefined) return 1;
  const sceneId = values.scene ?? scene?.sceneId;
  if (!sceneId || !isUuid(sceneId)) return usage('give the scene to import into with --scene <id> (a UUID) or --scene-file');
  let workspace: Workspace | null = null;
  try {
    const author = currentUser();
    const now = Date.now();
    const read = readLabels(format as SourceFormat, location, { sceneId, author, now, ...(scene ? { frames: scene.frames } : {}) }, (line) => err.write(`${line}\n`));
    const records = read.sets.flatMap((s) => [...s.records, ...(s.labels2d ?? []), ...(s.relations ?? [])].map((r) => ({ ...r, sceneId })));
    if (records.length > MAX_CHANGES) throw new Error(`${location}: ${records.length} labels; one import holds at most ${MAX_CHANGES} (split the input)`);
    workspace = Workspace.open(values.workspace);
    const changes = [];
    let unchanged = 0;
    for (const imported of records) {
      const before = workspace.annotations.get(imported.objectId);
      // Importing the same file again changes nothing: who and when belong to the first import.
      if (before && canonicalJson({ ...imported, author: before.author, createdAt: before.createdAt, updatedAt: before.updatedAt }) === canonicalJson(before)) {
        unchanged++;
        continue;
      }
      const after = before ? { ...imported, createdAt: before.createdAt } : imported;
      changes.push({ objectId: after.objectId, before, after });
    }
    let seq: number | null = null;
    if (changes.length > 0) {
      const op: Operation = { opId: randomUUID(), sceneId, author, at: now, label: `import ${changes.length} labels (${format})`, changes };
      seq = workspace.annotations.apply(op).seq;
    }
    const manifest = combineManifests(format, 'cairn', read.manifests, records.length, changes.length);
    const files = values.output ? await writeManifest(values.output, manifest) : null;
    const created = changes.filter((c) => !c.before).length;
    out.write(
      `${JSON.stringify({ format, source: path.resolve(location), workspace: path.resolve(values.workspace), sceneId, read: records.length, created, updated: changes.length - created, unchanged, operationSeq: seq, lost: manifest.lost.map((l) => ({ field: l.field, count: l.count })), ...(files ? { manifest: files.json, report: files.html } : {}) }, null, 2)}\n`,
    );
    err.write(`${created} created, ${changes.length - created} updated, ${unchanged} unchanged in scene ${sceneId}\n`);
    return 0;
  } catch (e) {
    err.write(`cairn import-labels: ${(e as Error).message}\n`);
    return 1;
  } finally {
    workspace?.close();
  }
}

function safe<T>(run: () => T, err: Writer): T | undefined {
  try {
    return run();
  } catch (e) {
    err.write(`cairn import-labels: ${(e as Error).message}\n`);
    return undefined;
  }
}
