import { Fragment } from 'react';
import { ClassOptions } from './ClassOptions';
import { quatFromYaw, yawOf } from '../../core/geometry/quaternion';
import type { CuboidPatch } from '../../core/editor/editor';
import type { CuboidAnnotation } from '../../core/model/annotation';
import { editFrameBox } from '../../core/editor/tools/editFrameBox';
import { recordOnFrame, trackOfInterpolatedId } from '../../core/editor/tools/frameBoxes';
import { shortId } from '../../core/model/ids';
import { InspectorAttributes } from '../ontology/InspectorAttributes';
import { ProposalProvenance } from '../proposals/ProposalProvenance';
import { groundTruthInFrame } from '../state/loadScene';
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
  if (!editor || !record) {
    return (
      <aside className="panel inspector" data-testid="inspector">
        <h2>Inspector</h2>
        <p className="hint">Select a box to edit its class, position, size and heading.</p>
      </aside>
    );
  }
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
  return (
    <aside className="panel inspector" data-testid="inspector">
      <h2>Inspector</h2>
      <p className="hint" data-testid="inspector-keyframe" data-interpolated={interpolated}>
        {interpolated ? 'Interpolated between keyframes: an edit makes a keyframe here' : 'Keyframe'} · track {shortId(record.trackId)}
      </p>
      <ProposalProvenance record={record} />
      <label className="row">
        <span>class</span>
        <select
          data-testid="inspector-class"
          value={record.classId}
          onChange={(e) => editFrameBox(editor, record.objectId, record.frameId, { classId: e.target.value }, 'change class')}
        >
          <ClassOptions ontology={ontology} />
        </select>
      </label>
      {FIELDS.map((f) => {
        const value = f.read(record);
        return (
          <label className="row" key={f.id}>
            <span>{f.label}</span>
            <input
              key={`${record.objectId}-${f.id}-${value}`}
              data-testid={`inspector-${f.id}`}
              data-value={value}
              type="text"
              inputMode="decimal"
              defaultValue={value.toFixed(f.unit === '°' ? 1 : 2)}
              onBlur={(e) => commit(f, e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') commit(f, e.currentTarget.value);
                if (e.key === 'Escape') e.currentTarget.value = value.toFixed(2);
              }}
            />
            <span className="unit">{f.unit}</span>
          </label>
        );
      })}
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
    </aside>
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
