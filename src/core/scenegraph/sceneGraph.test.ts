import { describe, expect, it } from 'vitest';
import { readOpenLabel } from './openLabel';
import { adjacency, neighbours, sceneGraphAt, type SceneGraphNode } from './sceneGraph';
import { openLabelExample } from './testing/openLabelExample';

const scene = readOpenLabel(openLabelExample(), 'example.json');
const uidOf = (trackId: string) => trackId.replace('openlabel-', '');

function nodesAt(frame: number): SceneGraphNode[] {
  return scene.cuboids
    .filter((c) => c.frameIndex === frame)
    .map((c) => ({ nodeId: c.objectId, trackId: c.trackId, classId: c.classId, centre: c.cuboid.center }));
}

const summary = (frame: number) => {
  const graph = sceneGraphAt(scene.relations, nodesAt(frame), frame);
  return {
    edges: graph.edges.map((e) => `${uidOf(e.subject.trackId!)} ${e.relation.predicate} ${uidOf(e.object.trackId!)}`),
    dangling: graph.dangling.map((d) => `${d.relation.predicate} missing ${d.missing.join('+')}`),
    nodes: graph.nodes.map((n) => uidOf(n.trackId!)),
  };
};

describe('sceneGraphAt', () => {
  it('keeps the relations whose inclusive intervals hold at the frame, and those without intervals', () => {
    expect(summary(0)).toEqual({ edges: ['1 follows 0', '0 isNear 2', '2 watches 1'], dangling: [], nodes: ['1', '0', '2'] });
    expect(summary(2).edges).toEqual(['1 follows 0', '0 isNear 2', '1 overtakes 0', '1 overtakes 2', '2 watches 1']);
  });

  it('lists a relation whose end is absent from the frame as dangling, not silently dropped', () => {
    // The cyclist (1) has no box in frame 3; "follows" and "overtakes" no longer hold there.
    expect(summary(3)).toEqual({ edges: ['0 isNear 2'], dangling: ['watches missing object'], nodes: ['0', '2'] });
    const empty = sceneGraphAt(scene.relations, [], 3);
    expect(empty.edges).toEqual([]);
    expect(empty.dangling.map((d) => d.missing)).toEqual([['subject', 'object'], ['subject', 'object']]);
  });

  it('resolves an end by objectId first, then by trackId', () => {
    const nodes: SceneGraphNode[] = [
      { nodeId: 'obj-a', trackId: 'track-a', classId: 'car', centre: [0, 0, 0] },
      { nodeId: 'obj-b', classId: 'pedestrian', centre: [5, 0, 0] },
      // An object whose id happens to equal another object's track: the objectId wins.
      { nodeId: 'track-a', classId: 'cyclist', centre: [9, 0, 0] },
    ];
    const graph = sceneGraphAt(
      [
        { relationId: 'r1', subject: 'obj-b', predicate: 'crosses_in_front_of', object: 'obj-a' },
        { relationId: 'r2', subject: 'track-a', predicate: 'follows', object: 'obj-b', frameIntervals: [[0, 0], [4, 6]] },
      ],
      nodes,
      5,
    );
    expect(graph.edges.map((e) => [e.subject.nodeId, e.object.nodeId])).toEqual([
      ['obj-b', 'obj-a'],
      ['track-a', 'obj-b'],
    ]);
    expect(sceneGraphAt([{ relationId: 'r', subject: 'x', predicate: 'p', object: 'obj-a', frameIntervals: [[0, 4]] }], nodes, 5).dangling).toEqual([]);
  });
});

describe('adjacency', () => {
  it('gives every node its outgoing and incoming edges, for walking the graph', () => {
    const graph = sceneGraphAt(scene.relations, nodesAt(1), 1);
    const car = graph.nodes.find((n) => n.trackId === 'openlabel-0')!;
    const walk = neighbours(graph, car.nodeId).map((n) => `${n.direction} ${n.predicate} ${uidOf(n.other.trackId!)}`);
    expect(walk).toEqual(['in follows 1', 'out isNear 2', 'in overtakes 1']);
    const all = adjacency(graph);
    expect([...all.keys()].map((id) => uidOf(graph.nodes.find((n) => n.nodeId === id)!.trackId!))).toEqual(['1', '0', '2']);
    const degree = [...all.values()].reduce((sum, list) => sum + list.length, 0);
    expect(degree).toBe(2 * graph.edges.length);
    expect(neighbours(graph, 'not-a-node')).toEqual([]);
  });
});
