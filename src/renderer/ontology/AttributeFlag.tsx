import type { AttributeProblem } from '../../core/ontology/attributes';

/** A mark in the object list for a record the ontology finds fault with (a required attribute unset, a value out of range). */
export function AttributeFlag({ problems }: { problems: readonly AttributeProblem[] }) {
  if (problems.length === 0) return null;
  const missing = problems.some((p) => p.kind === 'missing-required');
  return (
    <span className="attribute-flag" data-testid="object-flag" data-missing-required={missing} title={problems.map((p) => p.message).join('\n')}>
      ⚠
    </span>
  );
}
