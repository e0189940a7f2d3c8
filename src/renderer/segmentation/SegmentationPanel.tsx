import { useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import type { Editor } from '../../core/editor/editor';
import type { SegmentMode } from '../../core/editor/tools/segmentTool';
import type { BrushShape } from '../../core/segmentation/selectionRequest';
import { countsByClass, decodeLabelFile, encodeLabelFile } from '../../core/segmentation/semanticKitti';
import { useEditorInstance, useEditorSelect, useView, useWorkbench } from '../workbench/context';
import { notPoseOnly } from '../workbench/editorWatch';
import { semanticName } from '../../core/segmentation/segmentClasses';
import { instanceSummaries } from '../../core/segmentation/instances';
import { InstanceRows } from './InstanceRows';
import { ImportLabelButton } from './ImportLabelButton';
import { segmentationOf } from './segmentation';
import { useFramePatches } from './useLabelColours';
import './segmentation.css';
import { formatCount } from '../ui/format';

const MODES: readonly { readonly mode: SegmentMode; readonly title: string; readonly hint: string }[] = [
  { mode: 'lasso', title: 'Lasso', hint: 'Drag around points through the 3D view (every depth; right-drag orbits) or on a camera image' },
  { mode: 'polygon', title: 'Polygon', hint: 'Click corners in the 3D view or on a camera image; click the first again (or Enter) to close' },
  { mode: 'brush', title: 'Brush', hint: 'Drag a sphere (or a cylinder taking whole columns) over the points' },
  { mode: 'grow', title: 'Grow', hint: 'Click a point: the region reachable from it in short steps' },
];

/**
 * Point segmentation of the frame on screen: the tool's mode and class, the points per class
 * (each class can be hidden or locked), all points in the selected box, and the frame's labels as
 * a SemanticKITTI `.label` file out and in.
 */
export function SegmentationPanel() {
  const wb = useWorkbench();
  const segmentation = segmentationOf(wb);
  const s = useStore(segmentation.store);
  // Rendered again when the frame's patches change or the selected box comes or goes, not on each move of a drag.
  const editor = useEditorInstance();
  const cloud = useView((v) => v.cloud);
  const tool = useView((v) => v.tool);
  const selectedId = useView((v) => v.selectedId);
  useView((v) => v.ontology);
  const patches = useFramePatches(editor, cloud?.frameId ?? null);
  const selectedBox = useCallback(
    (ed: Editor | null) => {
      const selected = selectedId ? ed?.get(selectedId) : undefined;
      return selected?.kind === 'cuboid' && selected.frameId === cloud?.frameId ? selected.objectId : null;
    },
    [selectedId, cloud],
  );
  const boxId = useEditorSelect(selectedBox, undefined, notPoseOnly);
  const classes = segmentation.classes();
  // `patches` stands for the labels: frameLabels reads them from the editor.
  const frameLabels = useMemo(() => (editor && cloud ? segmentation.frameLabels(editor, cloud) : null), [editor, cloud, patches, segmentation]);
  const version = frameLabels?.version ?? -1;
  const counts = useMemo(() => (frameLabels ? [...countsByClass(frameLabels.labels)] : []), [frameLabels?.labels, version]);
  const instances = useMemo(() => (frameLabels ? instanceSummaries(frameLabels.labels) : []), [frameLabels?.labels, version]);
  if (!cloud || !editor) return <div className="segmentation-panel hint" data-testid="segmentation-panel">Open a scene to label its points.</div>;

  // The box as it is when clicked: its pose follows every drag without rendering the panel again.
  const labelBox = () => {
    const r = boxId ? editor.get(boxId) : undefined;
    if (r?.kind === 'cuboid') void segmentation.labelBox(r.cuboid);
  };
  const say = (m: string) => wb.view.getState().say(m);
  const exportLabels = () => {
    const bytes = encodeLabelFile(segmentation.frameLabels(editor, cloud)!.labels);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([bytes.buffer as ArrayBuffer], { type: 'application/octet-stream' }));
    a.download = `${cloud.frameId}.label`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const importLabels = async (file: File) => {
    try {
      const labels = decodeLabelFile(new Uint8Array(await file.arrayBuffer()), cloud.count, file.name);
      const changed = segmentation.importLabels(labels);
      say(changed ? `Imported ${file.name}: ${formatCount(changed)} points changed.` : `${file.name} holds the labels already shown.`);
    } catch (e) {
      say((e as Error).message);
    }
  };

  return (
    <div className="segmentation-panel" data-testid="segmentation-panel">
      <div className="segment-row">
        <button className={tool === 'segment' ? 'active' : ''} data-testid="segment-tool" title="Label points (S)" onClick={() => wb.view.getState().setTool(tool === 'segment' ? 'select' : 'segment')}>
          Segment
        </button>
        {MODES.map((m) => (
          <button
            key={m.mode}
            className={s.mode === m.mode ? 'active' : ''}
            data-testid={`segment-mode-${m.mode}`}
            title={m.hint}
            onClick={() => {
              segmentation.set({ mode: m.mode });
              wb.view.getState().setTool('segment');
            }}
          >
            {m.title}
          </button>
        ))}
      </div>
      <div className="segment-row">
        <label className="field">
          Class
          <select data-testid="segment-class" value={s.classId} onChange={(e) => segmentation.set({ classId: e.target.value })}>
            {classes.map((c) => (
              <option key={c.classId} value={c.classId}>
                {c.name} ({c.semantic})
              </option>
            ))}
          </select>
        </label>
        {s.mode === 'brush' && (
          <label className="field" title="A cylinder is upright and unbounded in height: it takes a pole, a trunk or a person whole (lock the ground class to keep it)">
            Brush
            <select data-testid="segment-brush-shape" value={s.brushShape} onChange={(e) => segmentation.set({ brushShape: e.target.value as BrushShape })}>
              <option value="sphere">Sphere</option>
              <option value="cylinder">Cylinder</option>
            </select>
          </label>
        )}
        {s.mode === 'brush' && (
          <label className="field">
            Radius {s.brushRadius.toFixed(2)} m
            <input data-testid="segment-brush-radius" type="range" min={0.1} max={3} step={0.05} value={s.brushRadius} onChange={(e) => segmentation.set({ brushRadius: Number(e.target.value) })} />
          </label>
        )}
        {s.mode === 'grow' && (
          <label className="field">
            Step {s.growRadius.toFixed(2)} m
            <input data-testid="segment-grow-radius" type="range" min={0.05} max={1} step={0.05} value={s.growRadius} onChange={(e) => segmentation.set({ growRadius: Number(e.target.value) })} />
          </label>
        )}
        <label className="field">
          <input data-testid="segment-colour" type="checkbox" checked={s.colourByLabel} onChange={(e) => segmentation.set({ colourByLabel: e.target.checked })} />
          Colour by label
        </label>
        {(s.mode === 'lasso' || s.mode === 'polygon') && (
          <label className="field" title="A lasso or polygon on a camera image takes only the surface nearest the camera, not what is seen behind it">
            <input data-testid="segment-nearest" type="checkbox" checked={s.nearestSurface} onChange={(e) => segmentation.set({ nearestSurface: e.target.checked })} />
            Camera: nearest surface
          </label>
        )}
        <label className="field" title="Each instance in a colour of its own; points of no instance in the view's colour mode">
          <input data-testid="segment-colour-instance" type="checkbox" checked={s.colourBy === 'instance'} onChange={(e) => segmentation.set({ colourBy: e.target.checked ? 'instance' : 'class' })} />
          by instance
        </label>
      </div>
      <div className="segment-row">
        <label className="field" title="The instance id strokes write with the class (SemanticKITTI's high 16 bits)">
          Instance
          <select data-testid="segment-instance" value={s.instance} onChange={(e) => segmentation.set({ instance: Number(e.target.value) })}>
            <option value={0}>None</option>
            {instances.map((i) => (
              <option key={i.instance} value={i.instance}>
                #{i.instance} {semanticName(classes, i.semantic)}
              </option>
            ))}
            {s.instance !== 0 && !instances.some((i) => i.instance === s.instance) && <option value={s.instance}>#{s.instance} (new)</option>}
          </select>
        </label>
        <button data-testid="segment-instance-new" title="Strokes from now on label a new instance: the next id free in this frame" onClick={() => segmentation.newInstance()}>
          New instance
        </button>
      </div>
      <div className="segment-row">
        <button data-testid="segment-box" disabled={!boxId} title={boxId ? 'Label every point in the selected box' : 'Select a box of this frame first'} onClick={labelBox}>
          All points in box
        </button>
        <button data-testid="segment-export" onClick={exportLabels}>
          Export .label
        </button>
        <ImportLabelButton testId="segment-import" onFile={(file) => void importLabels(file)} />
        {s.working > 0 && <span data-testid="segment-working">Selecting…</span>}
      </div>
      <table className="segment-counts" data-testid="segment-counts">
        <thead>
          <tr>
            <th>Class</th>
            <th>Points</th>
            <th title="Hidden classes are not drawn and not painted over">Hide</th>
            <th title="Locked classes keep their labels">Lock</th>
          </tr>
        </thead>
        <tbody>
          {counts.map(([semantic, n]) => {
            const cls = classes.find((c) => c.semantic === semantic);
            const key = cls?.classId ?? String(semantic);
            return (
              <tr key={semantic} data-testid={`segment-count-${key}`}>
                <td>
                  <span className="swatch" style={{ background: semantic === 0 ? 'transparent' : (cls?.color ?? '#e5e7eb') }} />
                  {semanticName(classes, semantic)}
                </td>
                <td className="count" data-testid={`segment-count-${key}-points`}>
                  {formatCount(n)}
                </td>
                <td>
                  {semantic !== 0 && <input type="checkbox" data-testid={`segment-hide-${key}`} checked={s.hidden.includes(semantic)} onChange={() => segmentation.toggle('hidden', semantic)} />}
                </td>
                <td>
                  {semantic !== 0 && <input type="checkbox" data-testid={`segment-lock-${key}`} checked={s.locked.includes(semantic)} onChange={() => segmentation.toggle('locked', semantic)} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <InstanceRows instances={instances} classes={classes} current={s.instance} onPick={(instance) => segmentation.set({ instance })} />
      {s.last && (
        <p className="hint" data-testid="segment-last">
          Last edit: {formatCount(s.last.changed)} points, selected in {s.last.selectMs.toFixed(0)} ms (worker), written in {s.last.writeMs.toFixed(0)} ms.
        </p>
      )}
    </div>
  );
}
