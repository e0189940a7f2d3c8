import { useMemo } from 'react';
import type { FrameSceneGraph } from '../../core/scenegraph';
import { predicateLabel } from '../viewer/predicatePalette';
import { layoutDiagram } from './graphDiagramLayout';

const WIDTH = 270;
const NODE_RADIUS = 8;

export interface GraphDiagramProps {
  readonly graph: FrameSceneGraph;
  readonly colours: ReadonlyMap<string, string>;
  readonly selectedId: string | null;
  readonly classColour: (classId: string) => string;
  readonly nodeLabel: (nodeId: string) => string;
  readonly onSelect: (nodeId: string) => void;
}

/** The frame's graph as a node-link picture; clicking a node selects its object. */
export function GraphDiagram({ graph, colours, selectedId, classColour, nodeLabel, onSelect }: GraphDiagramProps) {
  const diagram = useMemo(
    () =>
      layoutDiagram({
        nodes: graph.nodes.map((n) => n.nodeId),
        edges: graph.edges.map((e) => ({ id: e.relation.relationId, from: e.subject.nodeId, to: e.object.nodeId })),
        width: WIDTH,
        radius: NODE_RADIUS,
      }),
    [graph],
  );
  const edgeOf = new Map(graph.edges.map((e) => [e.relation.relationId, e]));
  const nodeOf = new Map(graph.nodes.map((n) => [n.nodeId, n]));
  return (
    <svg className="graph-diagram" data-testid="graph-diagram" viewBox={`0 0 ${diagram.width} ${diagram.height}`} role="img" aria-label="Scene graph of this frame">
      {diagram.edges.map((e) => {
        const edge = edgeOf.get(e.id)!;
        const colour = colours.get(edge.relation.predicate) ?? '#ffffff';
        const touches = selectedId !== null && (edge.subject.nodeId === selectedId || edge.object.nodeId === selectedId);
        const faded = selectedId !== null && !touches;
        return (
          <g key={e.id} data-testid={`graph-edge-${e.id}`} data-predicate={edge.relation.predicate} className={faded ? 'faded' : touches ? 'highlighted' : ''}>
            <path d={e.path} stroke={colour} fill="none" />
            <polygon points={e.head} fill={colour} />
            <text x={e.labelX} y={e.labelY} className="edge-label" fill={colour} textAnchor="middle">
              {predicateLabel(edge.relation.predicate)}
            </text>
          </g>
        );
      })}
      {diagram.nodes.map((n) => {
        const node = nodeOf.get(n.id)!;
        const selected = n.id === selectedId;
        return (
          <g
            key={n.id}
            data-testid={`graph-node-${n.id}`}
            data-selected={selected}
            className={`node${selected ? ' selected' : ''}`}
            role="button"
            tabIndex={0}
            onClick={() => onSelect(n.id)}
            onKeyDown={(ev) => {
              if (ev.key === 'Enter' || ev.key === ' ') onSelect(n.id);
            }}
          >
            <title>{nodeLabel(n.id)}</title>
            <circle cx={n.x} cy={n.y} r={NODE_RADIUS} fill={classColour(node.classId)} />
            {n.label && (
              <text x={n.label.x} y={n.label.y} textAnchor="middle" className="node-label">
                {nodeLabel(n.id)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
