import { createStore, type StoreApi } from 'zustand/vanilla';
import { labelPatchRecord } from '../../core/annotations/labelPatch/record';
import type { LabelPatchAnnotation } from '../../core/annotations/labelPatch/schema';
import type { CameraModel, RigidTransform } from '../../core/camera';
import type { Editor } from '../../core/editor/editor';
import type { SegmentGesture, SegmentMode } from '../../core/editor/tools/segmentTool';
import { FrameLabelCache, type FrameLabels } from '../../core/segmentation/frameLabels';
import { nextFreeInstance } from '../../core/segmentation/instances';
import { paintPatch, type LabelPatch } from '../../core/segmentation/labelPatch';
import { labelWord, semanticOf } from '../../core/segmentation/labelWord';
import type { BrushShape, SelectionShape } from '../../core/segmentation/selectionRequest';
import type { FrameCloud } from '../state/viewStore';
import type { Workbench } from '../workbench/workbench';
import { replacePatch } from '../../core/segmentation/replacePatch';
import { segmentClasses, type SegmentClass } from '../../core/segmentation/segmentClasses';
import { SelectionClient } from './selectionClient';
import { formatCount } from '../ui/format';

export interface SegmentationState {
  readonly mode: SegmentMode;
  /** The brush's radius, metres. */
  readonly brushRadius: number;
  /** A sphere, or an upright cylinder taking whole columns (poles, trunks, people). */
  readonly brushShape: BrushShape;
  /** Region growing's step, metres. */
  readonly growRadius: number;
  readonly classId: string;
  /** The instance id strokes write with the class; 0 for none. */
  readonly instance: number;
  /** Semantic ids drawn hidden; a hidden class is also never painted over (what is not seen is not touched). */
  readonly hidden: readonly number[];
  /** Semantic ids whose points keep their label whatever a tool selects. */
  readonly locked: readonly number[];
  readonly colourByLabel: boolean;
  /** Labelled points coloured by their class or by their instance. */
  readonly colourBy: 'class' | 'instance';
  /** A lasso on a camera image takes only the surface nearest the camera (not the wall seen behind a pole). */
  readonly nearestSurface: boolean;
  readonly preview: SegmentGesture | null;
  /** Selections under way (the worker answers asynchronously). */
  readonly working: number;
  /** The last edit: points changed, and how long selecting (in the worker) and writing (here) took. */
  readonly last: { readonly changed: number; readonly selectMs: number; readonly writeMs: number } | null;
}

/** How the 3D view is looking, for turning an outline drawn on it into a selection. */
export interface ViewBinding {
  /** The camera's projection × view matrix, column-major. */
  viewProjection(): number[];
  /** The view's size in CSS pixels. */
  size(): { readonly width: number; readonly height: number };
}

const INITIAL: SegmentationState = {
  mode: 'lasso',
  brushRadius: 0.5,
  brushShape: 'sphere',
  growRadius: 0.3,
  classId: 'road',
  instance: 0,
  hidden: [],
  locked: [],
  colourByLabel: true,
  colourBy: 'class',
  nearestSurface: false,
  preview: null,
  working: 0,
  last: null,
};

/**
 * The point segmentation of the open scene: what the panel and the tool chose, the frames' labels
 * materialised from their patch records, and the one path by which a gesture becomes a label
 * patch (selected in a worker, written as one record, so one undo step).
 */
export class Segmentation {
  readonly store: StoreApi<SegmentationState> = createStore(() => INITIAL);
  private readonly cache = new FrameLabelCache();
  private client: SelectionClient | null = null;
  private view: ViewBinding | null = null;
  private lastLabels: { readonly editor: Editor; readonly cloud: FrameCloud; readonly patches: readonly LabelPatchAnnotation[]; readonly labels: FrameLabels } | null = null;

  constructor(private readonly workbench: Workbench) {}

  get state(): SegmentationState {
    return this.store.getState();
  }

  set(patch: Partial<SegmentationState>): void {
    this.store.setState(patch);
  }

  classes(): SegmentClass[] {
    return segmentClasses(this.workbench.view.getState().ontology?.classes ?? []);
  }

  activeClass(): SegmentClass | null {
    const classes = this.classes();
    return classes.find((c) => c.classId === this.state.classId) ?? null;
  }

  toggle(list: 'hidden' | 'locked', semantic: number): void {
    const now = this.state[list];
    this.set({ [list]: now.includes(semantic) ? now.filter((s) => s !== semantic) : [...now, semantic] });
  }

  /** Strokes from now on write a new instance: the next id free in the frame on screen. */
  newInstance(): void {
    const labels = this.frameLabels()?.labels;
    if (!labels) return this.workbench.view.getState().say('No scan on screen to label.');
    try {
      this.set({ instance: nextFreeInstance(labels) });
    } catch (e) {
      this.workbench.view.getState().say((e as Error).message);
    }
  }

  bindView(view: ViewBinding | null): void {
    this.view = view;
  }

  /** The labels of the frame on screen, from the editor's patch records; null when no frame is. */
  frameLabels(editor: Editor | null = this.editor(), cloud: FrameCloud | null = this.cloud()): FrameLabels | null {
    if (!editor || !cloud) return null;
    const patches = patchRecords(editor, cloud.frameId);
    // The 3D view and every camera panel ask after each edit; while the frame's patch list is the
    // same array (a box drag touches none), the labels are those answered last.
    const last = this.lastLabels;
    if (last && last.editor === editor && last.cloud === cloud && last.patches === patches) return last.labels;
    const labels = this.cache.labels(cloud.frameId, cloud.count, patches);
    this.lastLabels = { editor, cloud, patches, labels };
    return labels;
  }

  /** Turns a finished gesture into a selection in the worker, then one label patch. */
  async apply(gesture: SegmentGesture): Promise<void> {
    const shape = this.shapeOf(gesture);
    if (shape) await this.labelSelection(shape);
  }

  /** A lasso drawn on a camera image (pixel vertices u0, v0, u1, v1, …): the frame's points it shows, through that camera. */
  async labelThroughCamera(camera: { readonly cameraFromLidar: RigidTransform; readonly model: CameraModel }, polygon: number[]): Promise<void> {
    await this.labelSelection({ kind: 'cameraPolygon', cameraFromPoints: camera.cameraFromLidar, model: camera.model, polygon, nearestSurface: this.state.nearestSurface });
  }

  /** "All points in this box": the selected box of the frame on screen. */
  async labelBox(cuboid: import('../../core/geometry/cuboid').Cuboid): Promise<void> {
    await this.labelSelection({ kind: 'box', cuboid });
  }

  /** The frame's labels, replaced by those of a `.label` file, as one patch (one undo step). */
  importLabels(labels: Uint32Array): number {
    const editor = this.editor();
    const cloud = this.cloud();
    const current = this.frameLabels(editor, cloud);
    if (!editor || !cloud || !current) throw new Error('No frame on screen to import labels into.');
    const patch = replacePatch(cloud.frameId, current.labels, labels);
    if (!patch) return 0;
    this.write(editor, patch, this.importClassId(), 0, 'Import point labels');
    return patch.changed;
  }

  /**
   * The class an imported patch record is filed under: a record names a class of the scene's
   * ontology (the host refuses any other), while the imported words carry their own classes.
   */
  importClassId(): string {
    const classId = this.activeClass()?.classId ?? this.classes()[0]?.classId;
    if (!classId) throw new Error('No segmentation class to file the imported labels under.');
    return classId;
  }

  dispose(): void {
    this.client?.dispose();
    this.client = null;
  }

  private async labelSelection(shape: SelectionShape): Promise<void> {
    const say = (m: string) => this.workbench.view.getState().say(m);
    const editor = this.editor();
    const cloud = this.cloud();
    const cls = this.activeClass();
    if (!editor || !cloud) return say('No scan on screen to label.');
    if (!cls) return say('Choose a class to label points with.');
    const protectedClasses = [...new Set([...this.state.locked, ...this.state.hidden])];
    const labels = shape.kind === 'grow' ? this.frameLabels(editor, cloud)?.labels : undefined;
    const grow = shape.kind === 'grow' ? { ...shape, locked: protectedClasses } : shape;
    this.client ??= new SelectionClient();
    this.set({ working: this.state.working + 1 });
    try {
      const selected = await this.client.select(cloud.frameId, cloud.points, 4, grow, labels);
      // The frame may have changed while the worker worked: a selection belongs to its own frame only.
      if (this.cloud()?.frameId !== cloud.frameId || this.editor() !== editor) return;
      const t0 = performance.now();
      const current = this.frameLabels(editor, cloud)!;
      const instance = this.state.instance;
      const word = labelWord(cls.semantic, instance);
      const name = instance ? `${cls.name} #${instance}` : cls.name;
      const patch = paintPatch(cloud.frameId, current.labels, selected.indices, word, { locked: new Set(protectedClasses) });
      if (!patch) {
        say(selected.indices.length ? `Those ${formatCount(selected.indices.length)} points are already ${name} or locked.` : (selected.note ?? 'No points selected.'));
        return;
      }
      const changed = this.write(editor, patch, cls.classId, word, `Label points ${name}`);
      this.set({ last: { changed, selectMs: selected.ms, writeMs: performance.now() - t0 } });
      say(`Labelled ${formatCount(changed)} points ${name}.${selected.note ? ` ${selected.note}` : ''}`);
    } catch (e) {
      say((e as Error).message);
    } finally {
      this.set({ working: this.state.working - 1 });
    }
  }

  private write(editor: Editor, patch: LabelPatch & { changed?: number }, classId: string, word: number, title: string): number {
    const siblings = patchRecords(editor, patch.frameId);
    const ordinal = siblings.reduce((m, r) => Math.max(m, r.ordinal + 1), 0);
    const record = labelPatchRecord(patch, {
      objectId: editor.newId(),
      sceneId: editor.sceneId,
      classId,
      label: word,
      ordinal,
      ontologyVersion: editor.ontologyVersion,
      author: editor.author,
      at: Date.now(),
    });
    this.cache.prime(record.objectId, patch);
    editor.commitChanges(title, [{ objectId: record.objectId, before: null, after: record }]);
    let changed = 0;
    for (let r = 1; r < patch.runs.length; r += 2) changed += patch.runs[r];
    return changed;
  }

  private shapeOf(gesture: SegmentGesture): SelectionShape | null {
    const s = this.state;
    if (gesture.kind === 'brush') return { kind: 'brush', centres: gesture.centres, radius: s.brushRadius, brush: s.brushShape };
    if (gesture.kind === 'grow') return { kind: 'grow', at: gesture.at, radius: s.growRadius };
    const view = this.view;
    if (!view) {
      this.workbench.view.getState().say('The 3D view is not open to lasso in.');
      return null;
    }
    const { width, height } = view.size();
    const polygon = gesture.screen.flatMap(([x, y]) => [(x / width) * 2 - 1, 1 - (y / height) * 2]);
    return { kind: 'viewPolygon', viewProjection: view.viewProjection(), polygon };
  }

  private editor(): Editor | null {
    return this.workbench.sessions.getState().session?.editor ?? null;
  }

  private cloud(): FrameCloud | null {
    return this.workbench.view.getState().cloud;
  }
}

/** A frame's label patch records, as the editor holds them now: the same array until one of them changes. */
export function patchRecords(editor: Editor, frameId: string): readonly LabelPatchAnnotation[] {
  return editor.inFrameOfKind(frameId, 'labelPatch');
}

const segmentations = new WeakMap<Workbench, Segmentation>();

/** The workbench's segmentation, made when first asked for. */
export function segmentationOf(workbench: Workbench): Segmentation {
  let s = segmentations.get(workbench);
  if (!s) {
    s = new Segmentation(workbench);
    segmentations.set(workbench, s);
  }
  return s;
}

export { semanticOf };
