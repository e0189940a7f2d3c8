import { memo, useCallback, useRef } from 'react';
import type { AttributeValue } from '../../core/annotations/recordFields';
import type { AttributeProblem } from '../../core/ontology/attributes';
import type { AttributeDefinition } from '../../core/ontology/schema';

interface Props {
  readonly definitions: readonly AttributeDefinition[];
  readonly values: Readonly<Record<string, AttributeValue>>;
  readonly problems: readonly AttributeProblem[];
  /** A value was chosen (undefined: cleared). The caller writes it as one edit, to the track when the attribute is static. */
  onSet(definition: AttributeDefinition, value: AttributeValue | undefined): void;
  /** Text the user typed that is not a value of the attribute (a number field holding letters). */
  onInvalid(message: string): void;
}

/** The attributes the ontology gives the selected object's class, one editor per type. */
export function AttributeFields({ definitions, values, problems, onSet, onInvalid }: Props) {
  // The inputs get handlers that never change, so an input whose value did not change is not
  // rendered again (React rewrites an input's name and type on each update, and Chrome's autofill
  // re-reads the form when a control's name changes): a drag of the box leaves them alone.
  const latest = useRef({ onSet, onInvalid });
  latest.current = { onSet, onInvalid };
  const set = useCallback((d: AttributeDefinition, v: AttributeValue | undefined) => latest.current.onSet(d, v), []);
  const invalid = useCallback((message: string) => latest.current.onInvalid(message), []);
  if (definitions.length === 0) return null;
  const problemOf = (key: string) => problems.find((p) => p.key === key);
  const others = problems.filter((p) => p.key === null || !definitions.some((d) => d.key === p.key));
  return (
    <fieldset className="attributes" data-testid="inspector-attributes">
      <legend>Attributes</legend>
      {definitions.map((d) => {
        const problem = problemOf(d.key);
        return (
          <label className={`row attribute${problem ? ' has-problem' : ''}`} key={d.key} title={problem?.message ?? (d.scope === 'object' ? 'Same on every frame of the object' : 'Set per frame')}>
            <span>
              {d.name}
              {d.required && <abbr title="required">*</abbr>}
            </span>
            <AttributeInput definition={d} value={values[d.key]} onSet={set} onInvalid={invalid} />
            <span className="unit" data-testid={`attr-scope-${d.key}`}>
              {d.scope === 'object' ? '◆' : '▤'}
            </span>
            {problem && (
              <span className="attribute-problem" data-testid={`attr-problem-${d.key}`}>
                {problem.message}
              </span>
            )}
          </label>
        );
      })}
      {others.map((p, i) => (
        <p className="attribute-problem" key={i} data-testid="attr-problem-other">
          {p.message}
        </p>
      ))}
    </fieldset>
  );
}

const AttributeInput = memo(function AttributeInput({
  definition: d,
  value,
  onSet: setOf,
  onInvalid,
}: {
  definition: AttributeDefinition;
  value: AttributeValue | undefined;
  onSet(definition: AttributeDefinition, v: AttributeValue | undefined): void;
  onInvalid(message: string): void;
}) {
  const testId = `attr-${d.key}`;
  const onSet = (v: AttributeValue | undefined) => setOf(d, v);
  switch (d.type) {
    case 'enum':
      return (
        <select data-testid={testId} value={typeof value === 'string' ? value : ''} onChange={(e) => onSet(e.target.value === '' ? undefined : e.target.value)}>
          <option value="">—</option>
          {d.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
          {typeof value === 'string' && value !== '' && !d.options.includes(value) && <option value={value}>{value} (not an option)</option>}
        </select>
      );
    case 'bool':
      return <input data-testid={testId} type="checkbox" checked={value === true} onChange={(e) => onSet(e.target.checked)} />;
    case 'number': {
      const commit = (raw: string) => {
        if (raw.trim() === '') return onSet(undefined);
        const n = Number(raw);
        if (!Number.isFinite(n)) return onInvalid(`${d.name}: "${raw}" is not a number`);
        if (n !== value) onSet(n);
      };
      return (
        <input
          key={String(value)}
          data-testid={testId}
          type="text"
          inputMode="decimal"
          defaultValue={value === undefined ? '' : String(value)}
          placeholder={d.min !== undefined || d.max !== undefined ? `${d.min ?? ''}…${d.max ?? ''}` : undefined}
          onBlur={(e) => commit(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(e.currentTarget.value);
          }}
        />
      );
    }
    case 'text': {
      const commit = (raw: string) => {
        if (raw === (value ?? '')) return;
        onSet(raw === '' ? undefined : raw);
      };
      return (
        <input
          key={String(value)}
          data-testid={testId}
          type="text"
          maxLength={d.maxLength}
          defaultValue={value === undefined ? '' : String(value)}
          onBlur={(e) => commit(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(e.currentTarget.value);
          }}
        />
      );
    }
  }
});
