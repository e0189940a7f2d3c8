import { describe, expect, it } from 'vitest';
import { asCuboid } from '../annotations/guards';
import { quatFromYaw, yawOf } from '../geometry/quaternion';
import type { GroundTruthCuboid, SceneManifest } from '../scene/manifest';
import { createTestEditor } from '../editor/testEditor';
import { copyGroundTruth, type GroundTruthCopyRequest } from './copyGroundTruth';

const uuid = (n: number) => `33333333-3333-4333-8333-${n.toString(16).padStart(12, '0')}`;
const FRAME_IDS = [0, 1, 2, 3].map((i) => uuid(100 + i));
const CAR = uuid(1);
const VAN = uuid(2);

/** The ego drives 2 m a frame along x; the LiDAR sits 1.7 m above the ego origin. */
const manifest: Pick<SceneManifest, 'sensors' | 'frames' | 'groundTruth'> = {
  sensors: [{ sensorId: 'velo', kind: 'lidar', egoFromSensor: { translation: [0, 0, 1.7], rotation: [0, 0, 0, 1] } }],
  frames: FRAME_IDS.map((frameId, index) => ({
    frameId,
    index,
    timestamp: index / 10,
    worldFromEgo: { translation: [2 * index, 0, 0], rotation: [0, 0, 0, 1] },
    pointClouds: { velo: { path: `velo/${index}.bin`, encoding: 'kitti-bin-xyzi' } },
    images: {},
  })) as SceneManifest['frames'],
  groundTruth: [
    ...[0, 1, 2].map((i): GroundTruthCuboid => ({
      objectId: CAR,
      frameId: FRAME_IDS[i],
      classId: 'car',
      trackId: 'kitti-0-3',
      cuboid: { frame: 'ego', center: [10 + i, 2, 0.8], size: [4, 1.8, 1.5 + i / 10], rotation: quatFromYaw(0.1 * i) },
    })),
    { objectId: VAN, frameId: FRAME_IDS[1], classId: 'van', cuboid: { frame: 'world', center: [20, -3, 1], size: [5, 2, 2], rotation: quatFromYaw(1) } },
  ],
};

function request(overrides: Partial<GroundTruthCopyRequest> = {}): GroundTruthCopyRequest {
  return { manifest, lidarId: 'velo', objectId: CAR, frameId: FRAME_IDS[1], copy: 'track', classIds: new Set(['car', 'van']), ...overrides };
}

describe('copyGroundTruth', () => {
  it('copies a whole ground-truth track as a new track in the LiDAR frame, one undo step, linked to its source', () => {
    const { editor, operations } = createTestEditor({ frameOrder: FRAME_IDS });
    const result = copyGroundTruth(editor, request());
    if (!result.ok) throw new Error(result.reason);
    const track = editor.trackOf(result.trackId)!;
    expect(track.keyframes.map((k) => k.frameIndex)).toEqual([0, 1, 2]);
    for (const [i, k] of track.keyframes.entries()) {
      if (k.record.kind !== 'cuboid') throw new Error('not a cuboid');
      expect(k.record.classId).toBe('car');
      expect(k.record.cuboid.frame).toBe('velo');
      [10 + i, 2, 0.8 - 1.7].forEach((v, j) => expect(asCuboid(k.record).cuboid.center[j]).toBeCloseTo(v, 12));
      expect(k.record.cuboid.size).toEqual([4, 1.8, 1.5 + i / 10]);
      expect(yawOf(k.record.cuboid.rotation)).toBeCloseTo(0.1 * i, 12);
    }
    expect(editor.trackSettingsOf(result.trackId)).toEqual({ source: { groundTruthObjectId: CAR, groundTruthTrackId: 'kitti-0-3', copied: 'track' } });
    expect(operations).toHaveLength(1);
    expect(operations[0]).toMatchObject({ label: 'copy ground-truth track (3 boxes)', trackSettings: [{ trackId: result.trackId, before: null }] });
    editor.undo();
    expect(editor.all()).toEqual([]);
    expect(editor.storedTrackSettings().size).toBe(0);
  });

  it('copies one box, placing a box stated in the world frame by the ego pose of its frame', () => {
    const { editor } = createTestEditor({ frameOrder: FRAME_IDS });
    const result = copyGroundTruth(editor, request({ objectId: VAN, copy: 'box' }));
    if (!result.ok) throw new Error(result.reason);
    expect(result.created).toHaveLength(1);
    const box = result.created[0];
    expect(box.frameId).toBe(FRAME_IDS[1]);
    // The ego is at x = 2 on frame 1, the LiDAR 1.7 m above it.
    [18, -3, -0.7].forEach((v, j) => expect(box.cuboid.center[j]).toBeCloseTo(v, 12));
    expect(editor.trackSettingsOf(result.trackId).source).toEqual({ groundTruthObjectId: VAN, copied: 'box' });
  });

  it('refuses a class the ontology lacks, a track copied before, and a box that is not there', () => {
    const { editor, operations } = createTestEditor({ frameOrder: FRAME_IDS });
    expect(copyGroundTruth(editor, request({ classIds: new Set(['van']) }))).toEqual({ ok: false, reason: 'The ontology has no class "car": add it before copying this ground truth' });
    expect(copyGroundTruth(editor, request({ frameId: FRAME_IDS[3] }))).toEqual({ ok: false, reason: 'Select a ground-truth box to copy' });
    const first = copyGroundTruth(editor, request());
    expect(first.ok).toBe(true);
    expect(copyGroundTruth(editor, request({ frameId: FRAME_IDS[0] }))).toMatchObject({ ok: false, reason: expect.stringMatching(/already copied as track/) });
    expect(operations).toHaveLength(1);
  });
});
