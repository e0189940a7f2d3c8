import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Box2dAnnotation } from '../core/annotations/box2d/schema';
import type { CuboidAnnotation } from '../core/annotations/cuboid/schema';
import type { RelationAnnotation } from '../core/annotations/relation/schema';
import { IDENTITY_TRANSFORM } from '../core/camera/rigidTransform';
import type { Ontology } from '../core/ontology/schema';
import { DEFAULT_PLAUSIBILITY, PLAUSIBILITY_RULES, type PlausibilityRule } from '../core/plausibility/settings';
import { sweepTimesOnSceneClock } from '../core/plausibility/rules/pointTime';
import { runChecks } from '../core/plausibility/runChecks';
import type { CheckCloud, CheckInput } from '../core/plausibility/types';
import { sceneCameraRigs } from '../core/scene/cameraRigs';
import { parseSceneManifest, type SceneManifest } from '../core/scene/manifest';
import { TransformTree, WORLD } from '../core/scene/transformTree';
import { importDataset, frameScan } from './assistCommand';
import { lintReportHtml, type SceneCheck } from './lint/lintReportHtml';
import { parseCommandArgs, type Writer } from './commandArgs';
import { IMPORT_FORMATS } from './import/importFormats';
import { loadOntology, loadShippedOntology, OntologyService } from './services/ontology/ontologyService';
import { Workspace } from './services/workspace/workspace';
import { cliResourcesDir } from './syncCommandShared';

export const LINT_HELP = `  cairn lint <scene.json | scene folder | dataset dir> [--workspace DIR] [--ontology FILE] [--rules R,...] [--no-points] -o DIR
      Plausibility checks on 3D boxes, per scene: sizes changing within a track, headings flipping,
      speeds and accelerations beyond the class's limits (in the world, through the ego poses),
      boxes with too few LiDAR points, boxes sunk into the ground or floating above it, objects
      sharing space, required attributes left empty, drawn 2D boxes far from the projection of
      their linked 3D box, boxes of moving objects away from where the object was when the LiDAR
      saw it (sweeps with per-point time) (docs/lint.md). Checks the scene's ground
      truth, or with --workspace the annotations a workspace holds for it. Writes DIR/lint.json
      (every finding with rule, severity, frame, object, value and limit, and what could not be
      checked and why) and DIR/lint.html (self-contained, with plots); progress on stderr.
      Exit status 0, or 3 when a check of severity "error" fired; 1 when a file cannot be read,
      2 on usage errors.
      --workspace DIR  check the workspace's annotations (and use its ontology)
      --ontology FILE  the ontology whose classes, limits, severities and required attributes apply
      --rules R,...    run only these rules (${PLAUSIBILITY_RULES.join(', ')})
      --no-points      skip the rules that read the LiDAR scans (faster on large scans)
`;

interface CheckedScene {
  readonly name: string;
  readonly manifest: SceneManifest;
  readonly root: string;
}

/** A scene manifest file, a folder holding scene.json, or any dataset folder cairn import reads. */
async function scenesAt(input: string): Promise<CheckedScene[] | string> {
  if (!existsSync(input)) return `${input}: no such file or folder`;
  const file = statSync(input).isDirectory() ? path.join(input, 'scene.json') : input;
  if (existsSync(file) && statSync(file).isFile()) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      return `${file}: not JSON (${(e as Error).message})`;
    }
    const manifest = parseSceneManifest(json, file);
    const dataRoot = manifest.dataRoot && path.isAbsolute(manifest.dataRoot) ? manifest.dataRoot : path.dirname(file);
    return [{ name: manifest.name, manifest, root: dataRoot }];
  }
  const imported = await importDataset(input);
  if (!imported) return `${input}: neither a scene manifest nor a dataset folder cairn import knows (${IMPORT_FORMATS.map((f) => f.name).join(', ')})`;
  return imported.scenes.map((s) => ({ name: s.name, manifest: s.manifest, root: input }));
}

/** The scene's ground truth as cuboid records, one track per dataset track (or per object). */
function groundTruthRecords(manifest: SceneManifest, ontologyVersion: number): CuboidAnnotation[] {
  return manifest.groundTruth.map((g) => ({
    kind: 'cuboid',
    objectId: g.objectId,
    trackId: g.trackId ?? g.objectId,
    sceneId: manifest.sceneId,
    frameId: g.frameId,
    classId: g.classId,
    ontologyVersion,
    attributes: g.attributes ?? {},
    cuboid: { frame: g.cuboid.frame, center: g.cuboid.center, size: g.cuboid.size, rotation: g.cuboid.rotation },
    author: 'ground truth',
    createdAt: 0,
    updatedAt: 0,
  }));
}

const isIdentity = (t: { translation: readonly number[]; rotation: readonly number[] }) =>
  t.translation.every((x) => x === 0) && t.rotation[0] === 0 && t.rotation[1] === 0 && t.rotation[2] === 0;

/** `cairn lint`: returns the exit status. */
export async function runLint(args: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const parsed = parseCommandArgs(
    'lint',
    LINT_HELP,
    args,
    { output: { type: 'string', short: 'o' }, workspace: { type: 'string' }, ontology: { type: 'string' }, rules: { type: 'string' }, 'no-points': { type: 'boolean' } },
    err,
  );
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length !== 1) return usage('give one scene manifest, scene folder or dataset folder');
  if (!values.output) return usage('give the output folder with -o <dir>');
  const only = values.rules?.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = only?.filter((r) => !(PLAUSIBILITY_RULES as readonly string[]).includes(r)) ?? [];
  if (unknown.length) return usage(`unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.map((r) => `"${r}"`).join(', ')}; there is ${PLAUSIBILITY_RULES.join(', ')}`);
  if (only && only.length === 0) return usage('--rules names no rule');
  const fail = (message: string) => {
    err.write(`cairn lint: ${message}\n`);
    return 1;
  };
  const input = path.resolve(positionals[0]);
  let workspace: Workspace | null = null;
  try {
    const scenes = await scenesAt(input);
    if (typeof scenes === 'string') return fail(scenes);
    let ontology: Ontology;
    const fallback = () => loadOntology(path.join(cliResourcesDir(), 'ontology', 'default.json'));
    if (values.workspace) {
      workspace = Workspace.open(path.resolve(values.workspace));
      ontology = values.ontology ? loadOntology(path.resolve(values.ontology)) : new OntologyService(workspace.ontologies, workspace.annotations, loadShippedOntology(path.join(cliResourcesDir(), 'ontology'))).current();
    } else ontology = values.ontology ? loadOntology(path.resolve(values.ontology)) : fallback();
    const configured = ontology.plausibility ?? DEFAULT_PLAUSIBILITY;
    // A dataset's ground truth carries the dataset's attributes, not this ontology's: not held to them.
    const disabled = new Set<PlausibilityRule>(configured.disabled);
    if (!workspace) disabled.add('required-attribute');
    if (only) for (const r of PLAUSIBILITY_RULES) if (!only.includes(r)) disabled.add(r);
    const settings = { ...configured, disabled: [...disabled] };

    const checked: SceneCheck[] = [];
    for (const scene of scenes) {
      const { manifest } = scene;
      const stored = workspace ? workspace.annotations.listScene(manifest.sceneId) : null;
      const records = stored ? stored.filter((r): r is CuboidAnnotation => r.kind === 'cuboid') : groundTruthRecords(manifest, ontology.version);
      const relations = stored?.filter((r): r is RelationAnnotation => r.kind === 'relation');
      const boxes2d = stored?.filter((r): r is Box2dAnnotation => r.kind === 'box2d');
      const source = workspace ? `workspace ${workspace.dir}` : 'the scene’s ground truth';
      err.write(`${scene.name}: ${records.length} boxes on ${manifest.frames.length} frames (${source})\n`);
      const tree = new TransformTree(manifest);
      const posed = manifest.frames.some((f) => !isIdentity(f.worldFromEgo));
      const scans = new Map<string, CheckCloud | null>();
      if (!values['no-points']) {
        const boxed = new Set(records.map((r) => r.frameId));
        for (const frame of manifest.frames) {
          if (!boxed.has(frame.frameId)) continue;
          const scan = await frameScan(scene.root, scene.name, manifest, frame, err).catch((e: Error) => {
            err.write(`${scene.name} frame ${frame.index + 1}: ${e.message}\n`);
            return null;
          });
          const time = scan?.cloud.time && sweepTimesOnSceneClock(scan.cloud.time, frame.timestamp);
          scans.set(frame.frameId, scan ? { points: scan.cloud.points, stride: 4, frame: scan.lidar.sensorId, ...(time && { time }) } : null);
        }
      }
      const checkInput: CheckInput = {
        ontology,
        settings,
        frames: manifest.frames.map((f) => ({ frameId: f.frameId, index: f.index, timestamp: f.timestamp })),
        records,
        ...(relations ? { relations } : {}),
        ...(boxes2d ? { boxes2d, rigs: sceneCameraRigs(manifest) } : {}),
        worldFrom: posed ? (frame, t) => (frame === WORLD ? IDENTITY_TRANSFORM : tree.resolve(WORLD, frame, t)) : undefined,
        cloud: values['no-points'] ? undefined : (frameId) => scans.get(frameId) ?? null,
      };
      let last = -1;
      const report = runChecks(checkInput, (done, total) => {
        const pct = Math.floor((100 * done) / total);
        if (pct >= last + 10 || done === total) {
          last = pct;
          err.write(`${scene.name}: checked ${done}/${total} frames\n`);
        }
      });
      err.write(`${scene.name}: ${report.findings.length} finding(s)\n`);
      checked.push({ scene: scene.name, sceneId: manifest.sceneId, source, frames: manifest.frames.length, report });
    }

    await mkdir(values.output, { recursive: true });
    const json = path.join(values.output, 'lint.json');
    const html = path.join(values.output, 'lint.html');
    const doc = { format: 'cairn-lint', version: 1, input, ontology: { ontologyId: ontology.ontologyId, version: ontology.version }, settings, scenes: checked };
    await writeFile(json, `${JSON.stringify(doc, null, 2)}\n`);
    await writeFile(html, lintReportHtml(path.basename(input), checked));
    const findings = checked.flatMap((s) => s.report.findings);
    const errors = findings.filter((f) => f.severity === 'error').length;
    out.write(`${JSON.stringify({ findings: findings.length, errors, warnings: findings.length - errors, scenes: checked.length, json, html })}\n`);
    if (errors > 0) err.write(`cairn lint: ${errors} finding(s) of severity error (see ${json})\n`);
    return errors > 0 ? 3 : 0;
  } catch (e) {
    return fail((e as Error).message);
  } finally {
    workspace?.close();
  }
}
