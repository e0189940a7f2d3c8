import { describe, expect, it } from 'vitest';
import { layoutDiagram } from './graphDiagramLayout';

const base = { width: 270, radius: 8 };

describe('layoutDiagram', () => {
  it('gives each connected group its own band, a pair as one long horizontal arrow', () => {
    const d = layoutDiagram({
      ...base,
      nodes: ['a', 'b', 'c', 'd'],
      edges: [
        { id: 'ab', from: 'a', to: 'b' },
        { id: 'dc', from: 'd', to: 'c' },
      ],
    });
    const pos = Object.fromEntries(d.nodes.map((n) => [n.id, [n.x, n.y]]));
    expect(pos).toEqual({ a: [46, 28], b: [224, 28], c: [46, 79], d: [224, 79] });
    // The arrow runs rim to rim, its head's tip on the object, its label above the line.
    const ab = d.edges[0];
    expect(ab.path).toBe('M54 28L209 28');
    expect(ab.head.split(' ')[0]).toBe('216,28');
    expect([ab.labelX, ab.labelY]).toEqual([135, 23]);
    expect(d.edges[1].path).toBe('M216 79L61 79');
    // Whichever way an arrow points, its label sits above it.
    expect(d.edges[1].labelY).toBe(74);
    expect(d.height).toBe(110);
  });

  it('puts three or more related objects evenly on a circle, from the top, clockwise', () => {
    const d = layoutDiagram({
      ...base,
      nodes: ['a', 'b', 'c', 'd'],
      edges: [
        { id: '1', from: 'a', to: 'b' },
        { id: '2', from: 'c', to: 'b' },
        { id: '3', from: 'c', to: 'd' },
      ],
    });
    const [a, b, c, dd] = d.nodes;
    expect(b.x - a.x).toBeCloseTo(a.x - dd.x, 6);
    expect(a.x).toBe(135);
    expect(c.x).toBe(135);
    expect(b.y).toBe(dd.y);
    expect(a.y).toBeLessThan(b.y);
    // Labels under each node, over it at the top.
    expect(a.label!.y).toBeLessThan(a.y);
    expect(c.label!.y).toBeGreaterThan(c.y);
  });

  it('bends relations between the same two objects apart, both ways round', () => {
    const d = layoutDiagram({
      ...base,
      nodes: ['a', 'b'],
      edges: [
        { id: 'ab', from: 'a', to: 'b' },
        { id: 'ba', from: 'b', to: 'a' },
      ],
    });
    const [ab, ba] = d.edges;
    expect(ab.path).toContain('Q');
    expect(ba.path).toContain('Q');
    expect(Math.sign(ab.labelY - d.nodes[0].y)).toBe(-Math.sign(ba.labelY - d.nodes[0].y));
  });

  it('leaves labels off a group too crowded for them', () => {
    const nodes = Array.from({ length: 14 }, (_, i) => `n${i}`);
    const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, from: nodes[0], to: n }));
    expect(layoutDiagram({ ...base, nodes, edges }).nodes.every((n) => n.label === null)).toBe(true);
  });

  it('is deterministic, and draws a relation of an object with itself without NaN', () => {
    const input = { ...base, nodes: ['a', 'b', 'c'], edges: [{ id: 'loop', from: 'a', to: 'a' }, { id: 'ab', from: 'a', to: 'b' }] };
    expect(layoutDiagram(input)).toEqual(layoutDiagram(input));
    expect(JSON.stringify(layoutDiagram(input))).not.toContain('NaN');
    expect(layoutDiagram({ ...input, edges: [{ id: 'x', from: 'a', to: 'gone' }] }).edges).toEqual([]);
  });
});
