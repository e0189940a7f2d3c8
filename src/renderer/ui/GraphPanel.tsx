import { useMemo } from 'react';
import { objectTag } from '../../core/model/ids';
import { adjacency, type SceneGraphNode } from '../../core/scenegraph';
import { useFrameSceneGraph } from '../state/useFrameSceneGraph';
import { useGraph, useView, useWorkbench } from '../workbench/context';
import { predicateColours, predicateLabel } from '../viewer/predicatePalette';
import { GraphDiagram } from './GraphDiagram';
import { RelationSource } from '../relations/RelationSource';

/**
 * The frame's scene graph: the objects that take part in a relation, each with its outgoing (→)
 * and incoming (←) edges, and the same graph drawn as a diagram. Clicking an object or the far end
 * of an edge selects that object, so the graph can be walked; the crosshair also centres the 3D view
 * on it.
 */
export function GraphPanel() {
  const { relations, graph } = useFrameSceneGraph();
  const ontology = useView((s) => s.ontology);
  const selectedId = useView((s) => s.selectedId);
  const showRelations = useGraph((s) => s.showRelations);
  const workbench = useWorkbench();
  const colours = useMemo(() => predicateColours(relations.map((r) => r.predicate)), [relations]);
  const links = useMemo(() => adjacency(graph), [graph]);

  const classOf = (classId: string) => ontology?.classes.find((c) => c.classId === classId);
  const className = (node: SceneGraphNode) => classOf(node.classId)?.name ?? node.classId;
  const classColour = (classId: string) => classOf(classId)?.color ?? '#9ca3af';
  const nodeLabel = (nodeId: string) => {
    const node = graph.nodes.find((n) => n.nodeId === nodeId);
    return node ? `${className(node)} ${objectTag(node.trackId, nodeId)}` : objectTag(undefined, nodeId);
  };
  const select = (nodeId: string) => workbench.view.getState().pick(nodeId);
  const focus = (nodeId: string) => {
    select(nodeId);
    workbench.graph.getState().focus(nodeId);
  };
  const dangling = graph.dangling.length;
  // The panel keeps its place in the layout; without relations it says why it is empty.
  if (relations.length === 0) {
    return (
      <aside className="panel graph-panel" data-testid="graph-panel-empty">
        <p className="hint">This scene has no relations between objects (a scene graph comes with the dataset or the scene file; Relate (L) draws one).</p>
      </aside>
    );
  }

  return (
    <aside className="panel graph-panel" data-testid="graph-panel" data-frame={graph.frameIndex} data-edge-count={graph.edges.length} data-selected-id={selectedId ?? ''}>
      <h2>
        Scene graph <span className="count" data-testid="graph-edge-count">{graph.edges.length}</span>
      </h2>
      <label className="toggle">
        <input type="checkbox" data-testid="toggle-relations" checked={showRelations} onChange={(e) => workbench.graph.getState().setShowRelations(e.target.checked)} />
        Relation arrows in 3D
      </label>
      {graph.edges.length > 0 ? (
        <GraphDiagram graph={graph} colours={colours} selectedId={selectedId} classColour={classColour} nodeLabel={nodeLabel} onSelect={select} />
      ) : (
        <p className="hint">No relation holds in this frame.</p>
      )}
      <p
        className={`dangling${dangling ? ' some' : ''}`}
        data-testid="graph-dangling"
        data-count={dangling}
        title={graph.dangling.map((d) => `${d.relation.predicate}: ${d.missing.join(' and ')} not in this frame`).join('\n')}
      >
        {dangling === 0 ? 'Every relation here has both ends in the frame.' : `${dangling} relation${dangling === 1 ? '' : 's'} hold here with an end missing from this frame.`}
      </p>
      <ul className="graph-entries">
        {graph.nodes.map((node) => (
          <li key={node.nodeId} className={node.nodeId === selectedId ? 'selected' : ''}>
            <div className="entry-head">
              <button data-testid={`graph-entry-${node.nodeId}`} onClick={() => select(node.nodeId)} title="Select this object">
                <span className="swatch" style={{ background: classColour(node.classId) }} />
                <span className="name">{className(node)}</span>
                <span className="id">{objectTag(node.trackId, node.nodeId)}</span>
              </button>
              <button className="focus" data-testid={`graph-focus-${node.nodeId}`} onClick={() => focus(node.nodeId)} title="Select and centre the 3D view on it" aria-label="Centre the view on it">
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                  <circle cx="8" cy="8" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
                  <path d="M8 0.5v4M8 11.5v4M0.5 8h4M11.5 8h4" stroke="currentColor" strokeWidth="1.5" />
                </svg>
              </button>
            </div>
            <ul className="links">
              {(links.get(node.nodeId) ?? []).map((link) => (
                <li key={`${link.edge.relation.relationId}-${link.direction}`}>
                  <button
                    data-testid={`graph-link-${link.edge.relation.relationId}-${link.direction}`}
                    data-predicate={link.predicate}
                    data-source={link.edge.relation.source ?? 'dataset'}
                    onClick={() => select(link.other.nodeId)}
                    title={`Select the ${link.direction === 'out' ? 'object' : 'subject'} of this relation`}
                  >
                    <span className="direction">{link.direction === 'out' ? '→' : '←'}</span>
                    <span className="predicate" style={{ color: colours.get(link.predicate) }}>
                      {predicateLabel(link.predicate)}
                    </span>
                    <span className="other">
                      {className(link.other)} <span className="id">{objectTag(link.other.trackId, link.other.nodeId)}</span>
                    </span>
                  </button>
                  <RelationSource relation={link.edge.relation} direction={link.direction} onEdit={() => workbench.view.getState().select(link.edge.relation.relationId)} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </aside>
  );
}
