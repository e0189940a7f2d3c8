import { describe, expect, it } from 'vitest';
import { quatFromYaw, yawOf } from '../geometry/quaternion';
import { sceneManifestSchema, type SceneManifestInput } from '../scene/manifest';
import { frameNodes } from './frameNodes';

const FRAME = '11111111-1111-4111-8111-111111111111';
const ids = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

// Ego drives at world (100, 0, 0) facing +y; the LiDAR sits 1.8 m above the ego origin.
const input: SceneManifestInput = {
  format: 'cairn.scene',
  version: 1,
  sceneId: ids(9),
  name: 'nodes',
  sensors: [{ sensorId: 'lidar_top', kind: 'lidar', egoFromSensor: { translation: [0, 0, 1.8], rotation: [0, 0, 0, 1] } }],
  frames: [
    {
      frameId: FRAME,
      index: 0,
      timestamp: 0,
      worldFromEgo: { translation: [100, 0, 0], rotation: quatFromYaw(Math.PI / 2) as [number, number, number, number] },
      pointClouds: { lidar_top: { path: 'a.bin', encoding: 'kitti-bin-xyzi', pointCount: 0 } },
    },
  ],
  groundTruth: [
    { objectId: ids(1), frameId: FRAME, classId: 'car', trackId: 't1', cuboid: { frame: 'lidar_top', center: [5, 1, -0.9], size: [4, 2, 1.5], rotation: [0, 0, 0, 1] } },
    { objectId: ids(2), frameId: FRAME, classId: 'car', cuboid: { frame: 'ego', center: [10, 0, 1], size: [4, 2, 1.5], rotation: [0, 0, 0, 1] } },
    {
      objectId: ids(3),
      frameId: FRAME,
      classId: 'truck',
      cuboid: { frame: 'world', center: [100, 10, 1], size: [8, 2.5, 3], rotation: quatFromYaw(Math.PI / 2) as [number, number, number, number] },
    },
    { objectId: ids(4), frameId: FRAME, classId: 'car', cuboid: { frame: 'radar_7', center: [0, 0, 0], size: [1, 1, 1], rotation: [0, 0, 0, 1] } },
  ],
};
const manifest = sceneManifestSchema.parse(input);

describe('frameNodes', () => {
  const { nodes, unplaced } = frameNodes(manifest, 0, 'lidar_top');
  const node = (n: number) => nodes.find((x) => x.nodeId === ids(n))!;

  it('places ground truth from any frame of the scene in the display frame', () => {
    expect(node(1).centre).toEqual([5, 1, -0.9]);
    expect(node(1).trackId).toBe('t1');
    node(2).centre.forEach((c, i) => expect(c).toBeCloseTo([10, 0, -0.8][i], 9));
    // (100, 10) in the world is 10 m straight ahead of an ego at (100, 0) facing +y.
    node(3).centre.forEach((c, i) => expect(c).toBeCloseTo([10, 0, -0.8][i], 9));
    expect(yawOf(node(3).rotation!)).toBeCloseTo(0, 9);
    expect(node(3).size).toEqual([8, 2.5, 3]);
    expect(node(3).source).toBe('groundTruth');
  });

  it('reports boxes in frames the scene cannot relate instead of guessing', () => {
    expect(unplaced).toEqual([ids(4)]);
    expect(nodes.map((n) => n.nodeId)).toEqual([ids(1), ids(2), ids(3)]);
  });

  it('lets an annotation with a ground-truth objectId replace that box, keeping its track', () => {
    const edited = frameNodes(manifest, 0, 'lidar_top', [
      { objectId: ids(1), classId: 'truck', cuboid: { frame: 'lidar_top', center: [6, 1, -0.9], size: [8, 2.5, 3], rotation: [0, 0, 0, 1] } },
      { objectId: ids(5), classId: 'pedestrian', cuboid: { frame: 'lidar_top', center: [3, -2, -0.9], size: [0.6, 0.6, 1.8], rotation: [0, 0, 0, 1] } },
    ]);
    expect(edited.nodes.find((n) => n.nodeId === ids(1))).toMatchObject({ classId: 'truck', trackId: 't1', centre: [6, 1, -0.9], source: 'annotation' });
    expect(edited.nodes.map((n) => n.nodeId)).toEqual([ids(1), ids(2), ids(3), ids(5)]);
  });

  it('has no nodes for a frame the scene does not have', () => {
    expect(frameNodes(manifest, 7, 'lidar_top')).toEqual({ nodes: [], unplaced: [] });
  });
});
