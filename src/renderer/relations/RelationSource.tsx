import './relations.css';
import type { GraphRelation } from '../../core/scenegraph';

/** Whose a relation is: one drawn here opens in the inspector to edit; the dataset's is read-only. */
interface Props {
  readonly relation: GraphRelation;
  /** Which of its two entries in the panel this is (under its subject: out; under its object: in). */
  readonly direction: 'out' | 'in';
  readonly onEdit: () => void;
}

export function RelationSource({ relation, direction, onEdit }: Props) {
  if (relation.source !== 'annotation') {
    return (
      <span className="relation-source read-only" data-testid={`graph-readonly-${relation.relationId}-${direction}`} title="From the dataset: read-only">
        read-only
      </span>
    );
  }
  return (
    <button className="relation-source" data-testid={`graph-edit-${relation.relationId}-${direction}`} onClick={onEdit} title="Edit this relation in the inspector">
      edit
    </button>
  );
}
