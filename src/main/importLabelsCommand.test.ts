import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKittiCalib } from '../core/camera';
import { importKittiObject } from '../core/importers/kitti/kittiObjectImport';
import { parseSceneManifest } from '../core/scene/manifest';
import { nodeDatasetFiles } from './import/nodeDatasetFiles';
import { generatedLabelSet } from '../core/labels/generatedLabels';
import { writeKittiObject } from '../core/labels/kittiWrite';
import { readOpenLabel } from '../core/labels/openlabelRead';
import { canonicalJson } from '../core/model/annotation';
import { uuidFromName } from '../core/model/uuidFromName';
import { runExport } from './exportCommand';
import { runImportLabels } from './importLabelsCommand';
import { Workspace } from './services/workspace/workspace';

const CALIB = 'P0: 700 0 600 0 0 700 180 0 0 0 1 0\nP1: 700 0 600 -380 0 700 180 0 0 0 1 0\nP2: 700 0 600 45 0 700 180 0 0 0 1 0\nP3: 700 0 600 -340 0 700 180 0 0 0 1 0\nR0_rect: 1 0 0 0 1 0 0 0 1\nTr_velo_to_cam: 0 -1 0 0 0 0 -1 -0.08 1 0 0 -0.27\n';
const SCENE = '0b6f3c1e-2d4a-5b8c-9e0f-1a2b3c4d5e6f';

let work: string;
let fixture: string;
let ws: string;
let labelCount: number;

function capture() {
  const lines: string[] = [];
  return { writer: { write: (s: string) => lines.push(s) }, text: () => lines.join('') };
}

async function run(command: typeof runExport, args: string[]) {
  const out = capture();
  const err = capture();
  const code = await command(args, out.writer, err.writer);
  return { code, out: out.text(), err: err.text() };
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'cairn-import-labels-'));
  fixture = path.join(work, 'kitti', 'training');
  const set = generatedLabelSet({ seed: 33, frames: 3, tracks: 4, yawOnly: true });
  labelCount = set.records.length;
  const { files } = writeKittiObject(set, { calib: parseKittiCalib(CALIB, 'calib') });
  for (const f of files) {
    mkdirSync(path.join(fixture, path.dirname(f.path)), { recursive: true });
    writeFileSync(path.join(fixture, f.path), f.text);
  }
  writeFileSync(path.join(work, 'calib.txt'), CALIB);
  ws = path.join(work, 'workspace');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cairn import-labels and cairn export', () => {
  it('imports KITTI labels into a scene as one operation in the log, on the frames the KITTI importer names', async () => {
    const r = await run(runImportLabels, ['kitti', fixture, '--workspace', ws, '--scene', SCENE, '-o', path.join(work, 'import-report')]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ sceneId: SCENE, read: labelCount, created: labelCount, updated: 0, unchanged: 0 });
    const workspace = Workspace.open(ws);
    try {
      const records = workspace.annotations.listScene(SCENE);
      expect(records).toHaveLength(labelCount);
      const frames = new Set(['000000', '000001', '000002'].map((stem) => uuidFromName(SCENE, `frame|${stem}`)));
      expect(records.every((rec) => frames.has(rec.frameId) && rec.sceneId === SCENE)).toBe(true);
      const ops = workspace.annotations.operationsSince(0);
      expect(ops).toHaveLength(1);
      expect(ops[0].label).toBe(`import ${labelCount} labels (kitti)`);
      expect(ops[0].changes.every((c) => c.before === null)).toBe(true);
    } finally {
      workspace.close();
    }
    const again = await run(runImportLabels, ['kitti', fixture, '--workspace', ws, '--scene', SCENE]);
    expect(JSON.parse(again.out)).toMatchObject({ created: 0, updated: 0, unchanged: labelCount, operationSeq: null });
  });

  it('exports the scene to OpenLABEL record for record, and to KITTI line for line', async () => {
    const ol = await run(runExport, ['openlabel', '--workspace', ws, '--scene', SCENE, '-o', path.join(work, 'export-ol')]);
    expect(ol.code, ol.err).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(work, 'export-ol', 'openlabel.json'), 'utf8')) as unknown;
    const { set } = readOpenLabel(doc, { source: 'export' });
    const workspace = Workspace.open(ws);
    const stored = workspace.annotations.listScene(SCENE);
    workspace.close();
    expect(set.records.map(canonicalJson).sort()).toEqual(stored.map(canonicalJson).sort());
    expect(JSON.parse(readFileSync(path.join(work, 'export-ol', 'manifest.json'), 'utf8'))).toMatchObject({ from: 'cairn', to: 'openlabel', lost: [] });
    expect(set.ontology).toEqual({ ontologyId: 'cairn.default.driving', version: 1 });
    expect(set.provenance).toMatchObject({ tool: 'cairn' });

    // Without the scene manifest frames are ordered by id, so they are matched back by content.
    const kitti = await run(runExport, ['kitti', '--workspace', ws, '--scene', SCENE, '--calib', path.join(work, 'calib.txt'), '-o', path.join(work, 'export-kitti')]);
    expect(kitti.code, kitti.err).toBe(0);
    const lines = (dir: string) => ['000000', '000001', '000002'].map((s) => readFileSync(path.join(dir, 'label_2', `${s}.txt`), 'utf8').trim().split('\n').sort().join('\n')).sort();
    expect(lines(path.join(work, 'export-kitti'))).toEqual(lines(fixture));
  });

  it('with the scene manifest: frames matched by KITTI name, and nuScenes boxes placed in the world through the LiDAR poses', async () => {
    for (const stem of ['000000', '000001', '000002']) {
      mkdirSync(path.join(fixture, 'velodyne'), { recursive: true });
      writeFileSync(path.join(fixture, 'velodyne', `${stem}.bin`), new Uint8Array(16));
    }
    const imported = await importKittiObject(nodeDatasetFiles(path.dirname(fixture)));
    const sceneFile = path.join(work, 'scene.json');
    writeFileSync(sceneFile, JSON.stringify(imported.scenes[0].manifest));
    const scene = parseSceneManifest(imported.scenes[0].manifest, 'scene');
    const wsScene = path.join(work, 'workspace-scene');
    const r = await run(runImportLabels, ['kitti', fixture, '--workspace', wsScene, '--scene-file', sceneFile]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ sceneId: scene.sceneId, created: labelCount });
    const nu = await run(runExport, ['nuscenes', '--workspace', wsScene, '--scene-file', sceneFile, '-o', path.join(work, 'export-nu')]);
    expect(nu.code, nu.err).toBe(0);
    const samples = JSON.parse(readFileSync(path.join(work, 'export-nu', 'sample.json'), 'utf8')) as { token: string; timestamp: number }[];
    expect(samples.map((x) => x.token)).toEqual(scene.frames.map((f) => f.frameId));
    expect(samples.map((x) => x.timestamp)).toEqual(scene.frames.map((f) => Math.round(f.timestamp * 1e6)));
    const manifest = JSON.parse(readFileSync(path.join(work, 'export-nu', 'manifest.json'), 'utf8')) as { lost: { field: string }[] };
    expect(manifest.lost.map((l) => l.field)).not.toContain('pose');
    expect(JSON.parse(readFileSync(path.join(work, 'export-nu', 'sample_annotation.json'), 'utf8'))).toHaveLength(labelCount);
  });

  it('names the workspace database when there is none, and asks for the scene', async () => {
    const missing = await run(runExport, ['kitti', '--workspace', path.join(work, 'nowhere'), '-o', path.join(work, 'n')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(path.join(work, 'nowhere', 'workspace.sqlite'));
    expect((await run(runImportLabels, ['kitti', fixture, '--workspace', ws])).code).toBe(2);
  });

  it('exports relations to OpenLABEL and imports them back; KITTI lists them as lost', async () => {
    const wsRel = path.join(work, 'workspace-relations');
    expect((await run(runImportLabels, ['kitti', fixture, '--workspace', wsRel, '--scene', SCENE])).code).toBe(0);
    let workspace = Workspace.open(wsRel);
    const cuboids = workspace.annotations.listScene(SCENE);
    const tracks = [...new Set(cuboids.map((r) => r.trackId))].sort();
    const frames = [...new Set(cuboids.map((r) => r.frameId))].sort();
    const relation = (n: number, subject: string, object: string, first: string, last: string) => ({
      kind: 'relation' as const,
      objectId: uuidFromName(SCENE, `relation|${n}`),
      trackId: uuidFromName(SCENE, `relation-track|${n}`),
      sceneId: SCENE,
      frameId: first,
      classId: 'follows',
      ontologyVersion: 1,
      attributes: {},
      author: 'ann',
      createdAt: 10,
      updatedAt: 11,
      relation: { subjectTrackId: subject, objectTrackId: object, lastFrameId: last },
    });
    const relations = [relation(1, tracks[0], tracks[1], frames[0], frames[2]), relation(2, tracks[2], tracks[0], frames[1], frames[1])];
    workspace.annotations.apply({ opId: uuidFromName(SCENE, 'relate'), sceneId: SCENE, author: 'ann', at: 12, label: 'relate', changes: relations.map((r) => ({ objectId: r.objectId, before: null, after: r })) });
    workspace.close();

    const ol = await run(runExport, ['openlabel', '--workspace', wsRel, '--scene', SCENE, '-o', path.join(work, 'export-rel')]);
    expect(ol.code, ol.err).toBe(0);
    expect(ol.err).toContain(`${cuboids.length} cuboids, 0 2D labels, 2 relations`);
    expect(JSON.parse(ol.out)).toMatchObject({ read: cuboids.length + 2, written: cuboids.length + 2, lost: [] });
    const wsBack = path.join(work, 'workspace-relations-back');
    const back = await run(runImportLabels, ['openlabel', path.join(work, 'export-rel', 'openlabel.json'), '--workspace', wsBack, '--scene', SCENE]);
    expect(back.code, back.err).toBe(0);
    workspace = Workspace.open(wsBack);
    const read = workspace.annotations.listScene(SCENE).filter((r) => r.kind === 'relation');
    workspace.close();
    // Who and when are the importer's; everything else comes back as it was.
    const body = (r: object) => canonicalJson({ ...r, author: '', createdAt: 0, updatedAt: 0 });
    expect(read.map(body).sort()).toEqual(relations.map(body).sort());

    const kitti = await run(runExport, ['kitti', '--workspace', wsRel, '--scene', SCENE, '--calib', path.join(work, 'calib.txt'), '-o', path.join(work, 'export-rel-kitti')]);
    expect(kitti.code, kitti.err).toBe(0);
    const lost = (JSON.parse(readFileSync(path.join(work, 'export-rel-kitti', 'manifest.json'), 'utf8')) as { lost: { field: string; count: number; why: string }[] }).lost;
    expect(lost.find((l) => l.field === 'relation')).toMatchObject({ count: 2, why: 'KITTI has no relations between objects (OpenLABEL has)' });
  });
});
