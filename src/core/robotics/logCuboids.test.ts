import { describe, expect, it } from 'vitest';
import { cuboidsFromMarkers, cuboidsFromSceneUpdate, type CuboidHarvest, type MarkerMessage } from './logCuboids';

const pose = { position: { x: 1, y: 2, z: 3 }, orientation: { x: 0, y: 0, z: 0, w: 1 } };
const marker = (type: number, action = 0): MarkerMessage => ({
  header: { stamp: { sec: 5, nsec: 500_000_000 }, frame_id: '/base_link' },
  ns: 'car',
  id: 7,
  type,
  action,
  pose,
  scale: { x: 4, y: 2, z: 1.5 },
  text: '',
});

describe('log cuboids', () => {
  it('takes CUBE markers and counts the other shapes and deletions', () => {
    const harvest: CuboidHarvest = { cuboids: [], skipped: new Map() };
    cuboidsFromMarkers([marker(1), marker(2), marker(1, 2), marker(9)], harvest);
    expect(harvest.cuboids).toEqual([{ timestamp: 5.5, frameId: 'base_link', trackKey: 'car/7', sourceClass: 'car', center: [1, 2, 3], size: [4, 2, 1.5], rotation: [0, 0, 0, 1] }]);
    expect(Object.fromEntries(harvest.skipped)).toEqual({ 'sphere markers': 1, 'marker action 2 (delete)': 1, 'text markers': 1 });
  });

  it('takes the cubes of SceneUpdate entities with their class from metadata', () => {
    const harvest: CuboidHarvest = { cuboids: [], skipped: new Map() };
    cuboidsFromSceneUpdate(
      {
        deletions: [{}],
        entities: [
          { timestamp: { sec: 2, nsec: 0 }, frame_id: 'lidar', id: 'obj-1', metadata: [{ key: 'class', value: 'Pedestrian' }], cubes: [{ pose, size: { x: 0.6, y: 0.6, z: 1.8 } }], spheres: [{}] },
        ],
      },
      harvest,
    );
    expect(harvest.cuboids[0]).toMatchObject({ trackKey: 'obj-1', sourceClass: 'Pedestrian', size: [0.6, 0.6, 1.8], frameId: 'lidar', timestamp: 2 });
    expect(Object.fromEntries(harvest.skipped)).toEqual({ 'scene entity deletions': 1, 'scene entity spheres': 1 });
  });
});
