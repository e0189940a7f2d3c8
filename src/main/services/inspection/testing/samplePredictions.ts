import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CuboidAnnotation } from '../../../../core/annotations/cuboid/schema';
import { writeOpenLabel } from '../../../../core/labels/openlabelWrite';
import { uuidFromName } from '../../../../core/model/uuidFromName';
import { parseSceneManifest, type SceneManifest } from '../../../../core/scene/manifest';

const SAMPLE = path.join(__dirname, '..', '..', '..', '..', '..', 'resources', 'sample', 'scene.json');
const NS = '5f0c8f7e-2b1a-4c3d-9e8f-13a0b1c2d3e4';

/** Where the sample's third frame was edited, so that it is the worst frame and shows every outcome. */
export interface SamplePredictionEdits {
  readonly frameIndex: number;
  /** The parked car 11.5 m ahead on the right, left out: a false negative. */
  readonly removedId: string;
  /** The car 20.8 m ahead, predicted 1 m to the left: IoU 0.3, so a false positive and a false negative. */
  readonly shiftedId: string;
  /** A car where there is none, 14 m ahead and 7 m to the right: a false positive. */
  readonly spurious: { readonly center: readonly [number, number, number]; readonly score: number };
}

export interface SamplePredictions {
  readonly manifest: SceneManifest;
  /** An OpenLABEL document with a `score` on every cuboid. */
  readonly document: unknown;
  readonly edits: SamplePredictionEdits;
  /** Predictions per frame index. */
  readonly counts: readonly number[];
}

const SCORE = 0.8;

/** A model's scored box, as an OpenLABEL prediction file carries it; ids made from `key` in the namespace `ns`, the same on every call. */
export function predictionRecord(ns: string, sceneId: string, key: string, g: Pick<CuboidAnnotation, 'frameId' | 'classId' | 'cuboid'>, score: number): CuboidAnnotation {
  return {
    kind: 'cuboid',
    objectId: uuidFromName(ns, `o-${key}`),
    trackId: uuidFromName(ns, `t-${key}`),
    sceneId,
    frameId: g.frameId,
    classId: g.classId,
    ontologyVersion: 1,
    attributes: { score },
    author: 'model',
    createdAt: 0,
    updatedAt: 0,
    cuboid: g.cuboid,
  };
}

/**
 * Predictions made from the sample scene's own ground truth (every box, scored 0.8), with three
 * known edits on its third frame: one car left out, one shifted sideways, one spurious car added.
 */
export function samplePredictions(): SamplePredictions {
  const manifest = parseSceneManifest(JSON.parse(readFileSync(SAMPLE, 'utf8')), SAMPLE);
  const frame = manifest.frames[2];
  const onFrame = manifest.groundTruth.filter((g) => g.frameId === frame.frameId && g.classId === 'car');
  const near = (x: number, y: number) => onFrame.find((g) => Math.abs(g.cuboid.center[0] - x) < 0.3 && Math.abs(g.cuboid.center[1] - y) < 0.3);
  const removed = near(11.5, -2.93);
  const shifted = near(20.8, 0);
  if (!removed || !shifted) throw new Error(`${SAMPLE}: the sample's third frame no longer has the cars at (11.5, -2.9) and (20.8, 0)`);
  const spurious = { center: [14, -7, -1] as const, score: 0.9 };
  const record = (key: string, g: Pick<CuboidAnnotation, 'frameId' | 'classId' | 'cuboid'>, score: number) => predictionRecord(NS, manifest.sceneId, key, g, score);
  // A sample object keeps its objectId on every frame: the edits are of its box on the third frame only.
  const records = manifest.groundTruth.flatMap((g): CuboidAnnotation[] => {
    const key = `${g.frameId}/${g.objectId}`;
    if (g === removed) return [];
    if (g !== shifted) return [record(key, g, SCORE)];
    const [x, y, z] = g.cuboid.center;
    return [record(key, { ...g, cuboid: { ...g.cuboid, center: [x, y + 1, z] } }, SCORE)];
  });
  records.push(record('spurious', { frameId: frame.frameId, classId: 'car', cuboid: { frame: shifted.cuboid.frame, center: spurious.center, size: [4.4, 1.85, 1.55], rotation: [0, 0, 0, 1] } }, spurious.score));
  const { document } = writeOpenLabel({ sceneId: manifest.sceneId, frames: manifest.frames.map((f) => ({ frameId: f.frameId, index: f.index })), records });
  return {
    manifest,
    document,
    edits: { frameIndex: 2, removedId: removed.objectId, shiftedId: shifted.objectId, spurious },
    counts: manifest.frames.map((f) => records.filter((r) => r.frameId === f.frameId).length),
  };
}

/** Writes the sample's predictions as an OpenLABEL file in `dir`; returns its path with the edits. */
export function writeSamplePredictions(dir: string): SamplePredictions & { readonly file: string } {
  const p = samplePredictions();
  const file = path.join(dir, 'predictions.openlabel.json');
  writeFileSync(file, JSON.stringify(p.document));
  return { ...p, file };
}
