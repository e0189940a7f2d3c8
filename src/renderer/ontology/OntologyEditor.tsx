import { useState } from 'react';
import {
  addAttribute,
  addClass,
  mergeClasses,
  removeAttribute,
  renameClass,
  retypeAttribute,
  splitClass,
  startDraft,
  updateClass,
  type OntologyDraft,
} from '../../core/ontology/draft';
import { ATTRIBUTE_TYPES, attributesOf, type AttributeDefinition, type AttributeType, type Ontology } from '../../core/ontology/schema';
import type { SizeRule } from '../../core/ontology/steps';
import { describeStep } from './describeStep';

export interface PublishAnswer {
  readonly version: number;
  readonly migrated: number;
  readonly flaggedCount: number;
  readonly flagged: readonly { readonly objectId: string; readonly reason: string }[];
}

interface Props {
  /** The current version; the editor drafts the next one from it. */
  readonly ontology: Ontology;
  /** A host that does not let this client edit (reviewer mode): the draft can be previewed, not published. */
  readonly readOnly?: boolean;
  /** Sends the draft to the host: a dry run answers what would migrate; otherwise it publishes. */
  publish(request: { ontology: Ontology; migration: OntologyDraft['migration']; dryRun: boolean }): Promise<PublishAnswer>;
}

/**
 * The ontology editor: classes (colour, parent) and their attributes, edited as a draft of the
 * next version. Every change that touches existing annotations (rename, merge, split a class; add,
 * remove, retype an attribute) is recorded as a migration step and listed; a preview asks the host
 * how many records would migrate and which would be flagged; publish makes the version.
 */
export function OntologyEditor({ ontology, readOnly = false, publish }: Props) {
  const [draft, setDraft] = useState<OntologyDraft>(() => startDraft(ontology));
  const [selected, setSelected] = useState<string>(ontology.classes[0]?.classId ?? '');
  const [message, setMessage] = useState<string | null>(null);
  const [answer, setAnswer] = useState<(PublishAnswer & { dryRun: boolean }) | null>(null);
  const [busy, setBusy] = useState(false);
  if (draft.base.version !== ontology.version && !busy) {
    // A version was published (here or by another client): start again from it.
    setDraft(startDraft(ontology));
    return null;
  }

  const edit = (make: (d: OntologyDraft) => OntologyDraft, select?: string) => {
    try {
      setDraft(make(draft));
      if (select !== undefined) setSelected(select);
      setMessage(null);
      setAnswer(null);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const send = async (dryRun: boolean) => {
    setBusy(true);
    try {
      const result = await publish({ ontology: draft.ontology, migration: draft.migration, dryRun });
      setAnswer({ ...result, dryRun });
      setMessage(null);
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const cls = draft.ontology.classes.find((c) => c.classId === selected);
  const changed = draft.migration.steps.length > 0 || JSON.stringify(draft.ontology.classes) !== JSON.stringify(draft.base.classes);
  return (
    <section className="panel ontology-editor" data-testid="ontology-editor">
      <h2>
        Ontology <span data-testid="ontology-version">v{draft.base.version}</span>
      </h2>
      <ul className="ontology-classes">
        {draft.ontology.classes.map((c) => (
          <li key={c.classId}>
            <button className={c.classId === selected ? 'selected' : ''} data-testid={`ontology-class-${c.classId}`} onClick={() => setSelected(c.classId)}>
              <span className="swatch" style={{ background: c.color }} />
              {c.name} <code>{c.classId}</code>
              {c.parentId && <small> ⊂ {c.parentId}</small>}
            </button>
          </li>
        ))}
      </ul>
      <AddClassForm onAdd={(c) => edit((d) => addClass(d, { ...c, defaultSize: [1, 1, 1] }), c.classId)} />
      {cls && (
        <ClassDetails
          key={cls.classId}
          draft={draft}
          classId={cls.classId}
          onEdit={edit}
        />
      )}
      <h3>Changes to existing annotations</h3>
      <ol className="ontology-steps" data-testid="ontology-steps">
        {draft.migration.steps.map((s, i) => (
          <li key={i}>{describeStep(s)}</li>
        ))}
      </ol>
      <div className="ontology-actions">
        <button data-testid="ontology-preview" disabled={busy || !changed} onClick={() => void send(true)}>
          Preview
        </button>
        <button data-testid="ontology-publish" disabled={busy || !changed || readOnly} onClick={() => void send(false)}>
          Publish v{draft.ontology.version}
        </button>
        <button data-testid="ontology-discard" disabled={busy || !changed} onClick={() => edit(() => startDraft(draft.base))}>
          Discard
        </button>
      </div>
      {message && (
        <p className="error" role="alert" data-testid="ontology-message">
          {message}
        </p>
      )}
      {answer && (
        <p className="hint" data-testid="ontology-result" data-migrated={answer.migrated} data-flagged={answer.flaggedCount}>
          {answer.dryRun ? 'Would migrate' : `Published v${answer.version}: migrated`} {answer.migrated} record{answer.migrated === 1 ? '' : 's'}, {answer.flaggedCount} flagged
          {answer.flagged.length > 0 && ` (${answer.flagged.slice(0, 3).map((f) => f.reason).join('; ')}${answer.flaggedCount > 3 ? '; …' : ''})`}
        </p>
      )}
    </section>
  );
}

function AddClassForm({ onAdd }: { onAdd(c: { classId: string; name: string; color: string }): void }) {
  const [id, setId] = useState('');
  const [color, setColor] = useState('#60a5fa');
  return (
    <div className="row ontology-add-class">
      <input data-testid="ontology-new-class-id" placeholder="new class id" value={id} onChange={(e) => setId(e.target.value.trim())} />
      <input data-testid="ontology-new-class-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} />
      <button data-testid="ontology-add-class" disabled={id === ''} onClick={() => onAdd({ classId: id, name: id, color })}>
        Add class
      </button>
    </div>
  );
}

function ClassDetails({ draft, classId, onEdit }: { draft: OntologyDraft; classId: string; onEdit(make: (d: OntologyDraft) => OntologyDraft, select?: string): void }) {
  const cls = draft.ontology.classes.find((c) => c.classId === classId)!;
  const others = draft.ontology.classes.filter((c) => c.classId !== classId);
  const [renameTo, setRenameTo] = useState('');
  const [mergeInto, setMergeInto] = useState(others[0]?.classId ?? '');
  const [split, setSplit] = useState({ small: '', large: '', dimension: 'length' as SizeRule['dimension'], at: '5' });
  const inherited = attributesOf(draft.ontology, classId).filter((a) => !cls.attributes.some((x) => x.key === a.key));
  return (
    <div className="ontology-class" data-testid="ontology-class-details">
      <label className="row">
        <span>name</span>
        <input data-testid="ontology-class-name" defaultValue={cls.name} onBlur={(e) => e.currentTarget.value !== cls.name && onEdit((d) => updateClass(d, classId, { name: e.currentTarget.value }))} />
      </label>
      <label className="row">
        <span>colour</span>
        <input data-testid="ontology-class-color" type="color" value={cls.color} onChange={(e) => onEdit((d) => updateClass(d, classId, { color: e.target.value }))} />
      </label>
      <label className="row">
        <span>parent</span>
        <select data-testid="ontology-class-parent" value={cls.parentId ?? ''} onChange={(e) => onEdit((d) => updateClass(d, classId, { parentId: e.target.value || undefined }))}>
          <option value="">—</option>
          {others.map((c) => (
            <option key={c.classId} value={c.classId}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <input data-testid="ontology-rename-input" placeholder="new id" value={renameTo} onChange={(e) => setRenameTo(e.target.value.trim())} />
        <button data-testid="ontology-rename" disabled={renameTo === ''} onClick={() => onEdit((d) => renameClass(d, classId, renameTo), renameTo)}>
          Rename
        </button>
      </div>
      <div className="row">
        <select data-testid="ontology-merge-target" value={mergeInto} onChange={(e) => setMergeInto(e.target.value)}>
          {others.map((c) => (
            <option key={c.classId} value={c.classId}>
              {c.name}
            </option>
          ))}
        </select>
        <button data-testid="ontology-merge" disabled={mergeInto === ''} onClick={() => onEdit((d) => mergeClasses(d, [classId], mergeInto), mergeInto)}>
          Merge into
        </button>
      </div>
      <div className="row ontology-split">
        <input data-testid="ontology-split-small" placeholder="smaller id" value={split.small} onChange={(e) => setSplit({ ...split, small: e.target.value.trim() })} />
        <input data-testid="ontology-split-large" placeholder="larger id" value={split.large} onChange={(e) => setSplit({ ...split, large: e.target.value.trim() })} />
        <select data-testid="ontology-split-dimension" value={split.dimension} onChange={(e) => setSplit({ ...split, dimension: e.target.value as SizeRule['dimension'] })}>
          {(['length', 'width', 'height', 'volume'] as const).map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
        <input data-testid="ontology-split-at" inputMode="decimal" value={split.at} onChange={(e) => setSplit({ ...split, at: e.target.value })} />
        <button
          data-testid="ontology-split"
          disabled={split.small === '' || split.large === '' || !(Number(split.at) > 0)}
          onClick={() =>
            onEdit(
              (d) =>
                splitClass(
                  d,
                  classId,
                  [
                    { classId: split.small, name: split.small, when: { dimension: split.dimension, max: Number(split.at) } },
                    { classId: split.large, name: split.large, when: { dimension: split.dimension, min: Number(split.at) } },
                  ],
                  split.large,
                ),
              split.small,
            )
          }
        >
          Split
        </button>
      </div>
      <h3>Attributes</h3>
      <ul className="ontology-attributes">
        {inherited.map((a) => (
          <li key={a.key} className="inherited">
            {a.name} <code>{a.key}</code> {a.type} (inherited)
          </li>
        ))}
        {cls.attributes.map((a) => (
          <li key={a.key} data-testid={`ontology-attr-${a.key}`}>
            {a.name} <code>{a.key}</code>{' '}
            <select data-testid={`ontology-attr-retype-${a.key}`} value={a.type} onChange={(e) => onEdit((d) => retypeAttribute(d, classId, retyped(a, e.target.value as AttributeType)))}>
              {ATTRIBUTE_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>{' '}
            {a.scope === 'object' ? 'per object' : 'per frame'}
            {a.required && ', required'}
            {a.type === 'enum' && `: ${a.options.join(', ')}`}{' '}
            <button data-testid={`ontology-attr-remove-${a.key}`} onClick={() => onEdit((d) => removeAttribute(d, classId, a.key))}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <AddAttributeForm onAdd={(a) => onEdit((d) => addAttribute(d, classId, a))} />
    </div>
  );
}

/** The attribute with another type; options and range carried over where they still mean something. */
function retyped(a: AttributeDefinition, type: AttributeType): AttributeDefinition {
  const common = { key: a.key, name: a.name, scope: a.scope, required: a.required };
  switch (type) {
    case 'enum':
      return { ...common, type, options: a.type === 'enum' ? a.options : a.type === 'bool' ? ['false', 'true'] : ['unknown'] };
    case 'bool':
      return { ...common, type };
    case 'number':
      return { ...common, type };
    case 'text':
      return { ...common, type, maxLength: 4096 };
  }
}

function AddAttributeForm({ onAdd }: { onAdd(a: AttributeDefinition): void }) {
  const [key, setKey] = useState('');
  const [type, setType] = useState<AttributeType>('enum');
  const [options, setOptions] = useState('');
  const [scope, setScope] = useState<'object' | 'frame'>('frame');
  const [required, setRequired] = useState(false);
  const add = () => {
    const common = { key, name: key, scope, required };
    const list = options.split(',').map((o) => o.trim()).filter(Boolean);
    onAdd(type === 'enum' ? { ...common, type, options: list } : type === 'text' ? { ...common, type, maxLength: 4096 } : { ...common, type });
    setKey('');
  };
  return (
    <div className="row ontology-add-attribute">
      <input data-testid="ontology-new-attr-key" placeholder="attribute key" value={key} onChange={(e) => setKey(e.target.value.trim())} />
      <select data-testid="ontology-new-attr-type" value={type} onChange={(e) => setType(e.target.value as AttributeType)}>
        {ATTRIBUTE_TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      {type === 'enum' && <input data-testid="ontology-new-attr-options" placeholder="options, comma separated" value={options} onChange={(e) => setOptions(e.target.value)} />}
      <select data-testid="ontology-new-attr-scope" value={scope} onChange={(e) => setScope(e.target.value as 'object' | 'frame')}>
        <option value="frame">per frame</option>
        <option value="object">per object</option>
      </select>
      <label>
        <input data-testid="ontology-new-attr-required" type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} /> required
      </label>
      <button data-testid="ontology-add-attr" disabled={key === '' || (type === 'enum' && options.trim() === '')} onClick={add}>
        Add attribute
      </button>
    </div>
  );
}
