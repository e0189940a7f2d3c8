import { beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../core/plausibility/runChecks';
import { DEFAULT_PLAUSIBILITY } from '../../core/plausibility/settings';
import type { CheckReport } from '../../core/plausibility/types';
import defaultOntology from '../../../resources/ontology/default.json';
import { ontologySchema, type Ontology } from '../../core/ontology/schema';
import { decodeFrameCloud } from '../../core/scene/frameCloud';
import { parseSceneManifest, type SceneManifest } from '../../core/scene/manifest';
import { timedSweepScene, type TimedSweepScene } from '../../core/plausibility/testing/timedSweepScene';
import type { FrameCloud } from '../state/viewStore';
import { mergeLiveReports, notCheckedRows, onlyRules, POINT_RULES, runPointChecks } from './liveReport';

let scene: TimedSweepScene;
let manifest: SceneManifest;
let ontology: Ontology;

beforeAll(() => {
  scene = timedSweepScene();
  manifest = parseSceneManifest(scene.manifest, 'scene.json');
  ontology = ontologySchema.parse(defaultOntology);
});

async function shownFrame(index: number): Promise<FrameCloud> {
  const frame = manifest.frames[index];
  const ref = frame.pointClouds.lidar;
  const decoded = await decodeFrameCloud(scene.files.get(ref.path)!, ref);
  return { frameId: frame.frameId, sensorId: 'lidar', points: decoded.points, count: decoded.count, zRange: [-2, 1], groundZ: -1.8, ...(decoded.time && { time: decoded.time }) };
}

/** The panel's report on frame 1 shown: the scene rules over every keyframe, the point rules over frame 1 with frame 2's boxes as neighbours. */
function liveReport(cloud: FrameCloud): CheckReport {
  const frames = manifest.frames.map((f) => ({ frameId: f.frameId, index: f.index, timestamp: f.timestamp }));
  const settings = DEFAULT_PLAUSIBILITY;
  const sceneReport = runChecks({ ontology, settings: onlyRules(settings, (r) => !POINT_RULES.includes(r)), frames, records: scene.records });
  const near = new Set([manifest.frames[0].frameId, manifest.frames[1].frameId]);
  const point = runPointChecks({ ontology, settings, frames, records: scene.records.filter((r) => near.has(r.frameId)), cloud });
  return mergeLiveReports(sceneReport, point, settings);
}

describe('the live report’s rules not checked', () => {
  it('lists point-time with its reason on a sweep without per-point time, beside the motion rules the scene cannot run', async () => {
    const { time: _dropped, ...untimed } = await shownFrame(0);
    const rows = notCheckedRows(liveReport(untimed));
    // The scene has no ego poses: speed and acceleration over all 6 keyframes; point-time over frame 1's two boxes only.
    expect(rows).toEqual([
      { rule: 'speed', reason: 'the scene has no ego poses, so motion cannot be told from the sensor moving', boxes: 6 },
      { rule: 'acceleration', reason: 'the scene has no ego poses, so motion cannot be told from the sensor moving', boxes: 6 },
      { rule: 'point-time', reason: 'the sweep carries no per-point capture time', boxes: 2 },
    ]);
  });

  it('does not list point-time on a sweep with per-point time, nor the neighbouring keyframes whose scans are not in memory', async () => {
    const timed = await shownFrame(0);
    expect(timed.time).toBeDefined();
    const report = liveReport(timed);
    expect(report.findings.filter((f) => f.rule === 'point-time')).toHaveLength(1);
    expect(notCheckedRows(report).map((r) => r.rule)).toEqual(['speed', 'acceleration']);
  });

  it('judges every frame’s boxes with the point rules when no frames are named, as cairn lint does', async () => {
    const timed = await shownFrame(0);
    const frames = manifest.frames.map((f) => ({ frameId: f.frameId, index: f.index, timestamp: f.timestamp }));
    const report = runChecks({ ontology, settings: onlyRules(DEFAULT_PLAUSIBILITY, (r) => r === 'empty-box'), frames, records: scene.records, cloud: (id) => (id === timed.frameId ? { points: timed.points, stride: 4, frame: 'lidar' } : null) });
    expect(report.notChecked).toEqual([{ rule: 'empty-box', reason: 'the frame’s LiDAR points could not be read', boxes: 4 }]);
  });

  it('sums a rule’s boxes per reason, in the rules’ order', () => {
    const report: CheckReport = {
      findings: [],
      boxes: 5,
      frames: 2,
      rules: ['speed', 'point-time'],
      notChecked: [
        { rule: 'point-time', reason: 'a', boxes: 1 },
        { rule: 'speed', reason: 'b', boxes: 2 },
        { rule: 'point-time', reason: 'a', boxes: 3 },
        { rule: 'point-time', reason: 'c', boxes: 1 },
      ],
    };
    expect(notCheckedRows(report)).toEqual([
      { rule: 'speed', reason: 'b', boxes: 2 },
      { rule: 'point-time', reason: 'a', boxes: 4 },
      { rule: 'point-time', reason: 'c', boxes: 1 },
    ]);
  });
});
