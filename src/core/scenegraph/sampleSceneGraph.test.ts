import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSceneManifest } from '../scene/manifest';
import { frameNodes } from './frameNodes';
import { sceneGraphAt } from './sceneGraph';

/** The embedded sample's scene graph, frame by frame, as the app will show it. */
const ROOT = path.resolve(__dirname, '../../../resources/sample');
const manifest = parseSceneManifest(JSON.parse(readFileSync(path.join(ROOT, 'scene.json'), 'utf8')), 'resources/sample/scene.json');

function graphAt(frame: number) {
  const { nodes, unplaced } = frameNodes(manifest, frame, 'lidar_top');
  expect(unplaced).toEqual([]);
  return sceneGraphAt(manifest.relations, nodes, frame);
}

const described = (frame: number) =>
  graphAt(frame).edges.map((e) => `${e.subject.classId} ${e.relation.predicate} ${e.object.classId}`);

describe('the sample scene graph', () => {
  it('has its relations in frame 0, every end present', () => {
    expect(described(0)).toEqual([
      'cyclist follows car',
      'pedestrian crosses_in_front_of car',
      'car parked_behind car',
      'car approaches car',
      'pedestrian walks_with pedestrian',
    ]);
    for (let f = 0; f < manifest.frames.length; f++) expect(graphAt(f).dangling).toEqual([]);
  });

  it('drops "approaches" in frame 3, once the two cars have passed each other', () => {
    expect(described(2)).toContain('car approaches car');
    expect(described(3)).not.toContain('car approaches car');
    expect(described(3)).toHaveLength(4);
  });

  it('draws each arrow between boxes that are where the street puts them', () => {
    const follows = graphAt(0).edges[0];
    // The cyclist is 12 m behind the lead car, both in the ego's lane.
    expect(follows.object.centre[0] - follows.subject.centre[0]).toBeCloseTo(12, 1);
  });
});
