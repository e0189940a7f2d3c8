import { Fragment, memo, useLayoutEffect, useMemo, useRef } from 'react';
import { ClassOptions } from './ClassOptions';
import { quatFromYaw, yawOf } from '../../core/geometry/quaternion';
import type { CuboidPatch, Editor } from '../../core/editor/editor';
import type { CuboidAnnotation } from '../../core/model/annotation';
import { editFrameBox } from '../../core/editor/tools/editFrameBox';
import { recordOnFrame, trackOfInterpolatedId } from '../../core/editor/tools/frameBoxes';
import { shortId } from '../../core/model/ids';
import { InspectorAttributes } from '../ontology/InspectorAttributes';
import { ProposalProvenance } from '../proposals/ProposalProvenance';
import { groundTruthInFrame } from '../state/loadScene';
import type { ViewState } from '../state/viewStore';
import { useEditor, useView } from '../workbench/context';
import { pointsInBox } from './pointsInBox';
import { RelationInspector } from '../relations/RelationInspector';
import { ImageLabelInspector } from '../camera2d/ImageLabelInspector';
import { isImage2dRecord } from '../../core/annotations/guards';

interface Field {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  read(r: CuboidAnnotation): number;
  write(r: CuboidAnnotation, v: number): CuboidPatch;
}

const vecField = (id: string, label: string, key: 'center' | 'size', axis: 0 | 1 | 2): Field => ({
  id,
  label,
  unit: 'm',
  read: (r) => r.cuboid[key][axis],
  write: (r, v) => {
    const next = [...r.cuboid[key]] as [number, number, number];
    next[axis] = v;
    return { cuboid: { [key]: next } };
  },
});

const FIELDS: Field[] = [
  vecField('cx', 'x', 'center', 0),
  vecField('cy', 'y', 'center', 1),
  vecField('cz', 'z', 'center', 2),
  vecField('length', 'length', 'size', 0),
  vecField('width', 'width', 'size', 1),
  vecField('height', 'height', 'size', 2),
  {
    id: 'yaw',
    label: 'yaw',
    unit: '°',
    read: (r) => (yawOf(r.cuboid.rotation) * 180) / Math.PI,
    write: (_r, v) => ({ cuboid: { rotation: quatFromYaw((v * Math.PI) / 180) } }),
  },
];

/** Numeric editing of the selected box. Each committed field is one undoable edit. */
export function Inspector() {
  const selectedId = useView((s) => s.selectedId);
  const ontology = useView((s) => s.ontology);
  const cloud = useView((s) => s.cloud);
  useView((s) => s.revision);
  const say = useView((s) => s.say);
  const scene = useView((s) => s.scene);
  const frameIndex = useView((s) => s.frameIndex);
  const editor = useEditor();
  // The box last shown, whose fields stay mounted (hidden) while nothing is selected: a select
  // then sets their values instead of making the form anew (its inputs and selects, which Chrome's
  // autofill re-reads whenever form controls are added or removed, and their layout).
  const kept = useRef<{ readonly editor: Editor; readonly record: CuboidAnnotation; readonly interpolated: boolean } | null>(null);
  // On its frame a selection reads as that frame shows it (an interpolated box included); a box
  // selected on another frame is still shown, as before the timeline moved.
  const onFrame = selectedId && editor && cloud ? recordOnFrame(editor, selectedId, cloud.frameId) : null;
  const stored = selectedId && editor ? editor.get(selectedId) : undefined;
  if (stored?.kind === 'relation') return <RelationInspector record={stored} />;
  if (stored && isImage2dRecord(stored)) return <ImageLabelInspector record={stored} />;
  const record = onFrame ?? (stored?.kind === 'cuboid' ? stored : undefined);
  const interpolated = onFrame !== null && trackOfInterpolatedId(onFrame.objectId) !== null;
  const groundTruth = !record && selectedId ? groundTruthInFrame({ scene, cloud, frameIndex }).find((g) => g.objectId === selectedId) : undefined;
  if (groundTruth) return <GroundTruthFacts box={groundTruth} className={ontology?.classes.find((c) => c.classId === groundTruth.classId)?.name} />;
  const shown = editor !== null && record !== undefined;
  if (shown) kept.current = { editor, record, interpolated };
  else if (kept.current && kept.current.editor !== editor) kept.current = null;
  const fields = kept.current;
  return (
    <aside className="panel inspector" data-testid="inspector">
      <h2>Inspector</h2>
      {!shown && <p className="hint">Select a box to edit its class, position, size and heading.</p>}
      {fields && (
        <BoxFields
          editor={fields.editor}
          record={fields.record}
          interpolated={fields.interpolated}
          shown={shown}
          ontology={ontology}
          cloud={shown ? cloud : null}
          say={say}
        />
      )}
    </aside>
  );
}

interface BoxFieldsProps {
  readonly editor: Editor;
  readonly record: CuboidAnnotation;
  readonly interpolated: boolean;
  /**
   * False while nothing is selected: the fields of the box last shown stay, hidden from sight,
   * keyboard and screen readers, and take no room (see .inspector-fields.idle).
   */
  readonly shown: boolean;
  readonly ontology: ViewState['ontology'];
  readonly cloud: ViewState['cloud'];
  readonly say: ViewState['say'];
}

/** A box's class, numbers, attributes and facts; memoised, so it is left alone while hidden. */
const BoxFields = memo(function BoxFields({ editor, record, interpolated, shown, ontology, cloud, say }: BoxFieldsProps) {
  const commit = (field: Field, raw: string) => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) {
      say(`${field.label}: "${raw}" is not a number`);
      return;
    }
    if (Math.abs(value - field.read(record)) < 1e-9) return;
    try {
      editFrameBox(editor, record.objectId, record.frameId, field.write(record, value), `set ${field.label}`);
      say(null);
    } catch (e) {
      say((e as Error).message);
    }
  };
  const inside = cloud && cloud.frameId === record.frameId ? pointsInBox(cloud.points, record.cuboid) : null;
  // Made anew only when what it shows or writes changes, not on each move of a drag (see NumberField).
  const { objectId, frameId, classId } = record;
  const classSelect = useMemo(
    () => (
      <select data-testid="inspector-class" value={classId} onChange={(e) => editFrameBox(editor, objectId, frameId, { classId: e.target.value }, 'change class')}>
        <ClassOptions ontology={ontology} />
      </select>
    ),
    [editor, objectId, frameId, classId, ontology],
  );
  return (
    <div className={shown ? 'inspector-fields' : 'inspector-fields idle'}>
      <p className="hint" data-testid="inspector-keyframe" data-interpolated={interpolated}>
        {interpolated ? 'Interpolated between keyframes: an edit makes a keyframe here' : 'Keyframe'} · track {shortId(record.trackId)}
      </p>
      <ProposalProvenance record={record} />
      <label className="row">
        <span>class</span>
        {classSelect}
      </label>
      {FIELDS.map((f) => (
        <label className="row" key={f.id}>
          <span>{f.label}</span>
          <NumberField field={f} objectId={record.objectId} value={f.read(record)} onCommit={(raw) => commit(f, raw)} />
          <span className="unit">{f.unit}</span>
        </label>
      ))}
      {/* The box's numbers first: they are what every box has, and they stay in view at 1280×800; attributes follow. */}
      <InspectorAttributes record={record} interpolated={interpolated} />
      <dl className="facts">
        <dt>points inside</dt>
        <dd data-testid="inspector-points">{inside ?? '—'}</dd>
        <dt>frame</dt>
        <dd>{record.cuboid.frame}</dd>
        <dt>author</dt>
        <dd>{record.author}</dd>
      </dl>
      {!interpolated && (
        <button className="danger" data-testid="inspector-delete" onClick={() => editor.deleteObjects([record.objectId])}>
          Delete box <kbd>Del</kbd>
        </button>
      )}
    </div>
  );
});

/**
 * One number of the box, typed and committed on Enter or blur. Another box's value is written into
 * the same input; so is a new value of the same box (an edit, here or elsewhere), which also drops
 * what was typed and lets the focus go, without committing it.
 *
 * React renders the <input> once (the element is memoised) and the value is written to it
 * directly: React rewrites an input's `type` and `name` on every update it commits to it, and
 * Chrome's autofill re-reads the page's form controls when one changes name or is added, which
 * made each move of a drag cost a form scan per field.
 */
function NumberField({ field: f, objectId, value, onCommit }: { field: Field; objectId: string; value: number; onCommit: (raw: string) => void }) {
  const text = value.toFixed(f.unit === '°' ? 1 : 2);
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef({ text, onCommit });
  latest.current = { text, onCommit };
  // Set while the focus is taken away from an edited field: that blur commits nothing.
  const dropping = useRef(false);
  const seen = useRef({ objectId, value });
  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    const editedElsewhere = seen.current.objectId === objectId && seen.current.value !== value;
    seen.current = { objectId, value };
    el.value = text;
    el.dataset.value = String(value);
    if (editedElsewhere && document.activeElement === el) {
      dropping.current = true;
      el.blur();
      dropping.current = false;
    }
  }, [objectId, value, text]);
  return useMemo(
    () => (
      <input
        ref={input}
        data-testid={`inspector-${f.id}`}
        type="text"
        inputMode="decimal"
        onBlur={(e) => {
          if (!dropping.current) latest.current.onCommit(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') latest.current.onCommit(e.currentTarget.value);
          if (e.key === 'Escape') e.currentTarget.value = latest.current.text;
        }}
      />
    ),
    [f.id],
  );
}

/** A ground-truth box: what the dataset says about it, read-only. */
function GroundTruthFacts({ box, className }: { box: ReturnType<typeof groundTruthInFrame>[number]; className?: string }) {
  const cloud = useView((s) => s.cloud);
  const { center, size, rotation } = box.cuboid;
  const inside = cloud ? pointsInBox(cloud.points, box.cuboid) : null;
  const yaw = (yawOf(rotation) * 180) / Math.PI;
  return (
    <aside className="panel inspector" data-testid="inspector" data-ground-truth="true">
      <h2>Ground truth</h2>
      <p className="hint">From the dataset; read-only.</p>
      <dl className="facts" data-testid="ground-truth-facts">
        <dt>class</dt>
        <dd>{className ?? box.classId}</dd>
        {box.ignore && (
          <>
            <dt>scoring</dt>
            <dd data-testid="ground-truth-ignored" title="The dataset does not score this object (a nuScenes box 0–40 % visible): a detection of it is neither a hit nor a miss.">
              ignored
            </dd>
          </>
        )}
        {box.sourceClass && (
          <>
            <dt>dataset class</dt>
            <dd>{box.sourceClass}</dd>
          </>
        )}
        {box.trackId && (
          <>
            <dt>track</dt>
            <dd title={box.trackId}>{box.trackId}</dd>
          </>
        )}
        <dt>centre</dt>
        <dd>{center.map((v) => v.toFixed(2)).join(', ')} m</dd>
        <dt>size</dt>
        <dd>{size.map((v) => v.toFixed(2)).join(' × ')} m</dd>
        <dt>yaw</dt>
        <dd>{yaw.toFixed(1)}°</dd>
        <dt>points inside</dt>
        <dd data-testid="ground-truth-points">{inside ?? '—'}</dd>
        {Object.entries(box.attributes).map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd>{String(v)}</dd>
          </Fragment>
        ))}
      </dl>
    </aside>
  );
}
