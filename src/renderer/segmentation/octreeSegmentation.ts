import { createStore, type StoreApi } from 'zustand/vanilla';
import { labelPatchRecord } from '../../core/annotations/labelPatch/record';
import type { LabelPatchAnnotation } from '../../core/annotations/labelPatch/schema';
import type { Editor } from '../../core/editor/editor';
import type { Vec3 } from '../../core/geometry/vec3';
import { sha1 } from '../../core/model/sha1';
import { KEEP, labelColours } from '../../core/segmentation/labelColours';
import type { LabelPatch } from '../../core/segmentation/labelPatch';
import { labelWord } from '../../core/segmentation/labelWord';
import { OctreeLabelCache, paintSelected } from '../../core/segmentation/octreeLabels';
import { octreeFrameId, octreePointOrder, readWholeHierarchy } from '../../core/segmentation/octreePointOrder';
import { replacePatch } from '../../core/segmentation/replacePatch';
import type { SelectionShape } from '../../core/segmentation/selectionRequest';
import { decodeLabelFile, encodeLabelFile } from '../../core/segmentation/semanticKitti';
import type { PointCloudInfo } from '../state/viewStore';
import type { NodeLabelColours, PotreeCloudLayer } from '../viewer/PotreeCloudLayer';
import type { Workbench } from '../workbench/workbench';
import { OctreeSelectionClient, type LoadedNode } from './octreeSelectionClient';
import { patchRecords, segmentationOf, type ViewBinding } from './segmentation';
import { formatCount } from '../ui/format';

export type OctreeTool = 'orbit' | 'lasso' | 'brush' | 'box';

export interface OctreeSegmentationState {
  readonly status: 'idle' | 'loading' | 'ready' | 'unavailable';
  /** Why segmentation is unavailable, or what went wrong reading the hierarchy. */
  readonly message: string | null;
  readonly frameId: string | null;
  readonly pointCount: number;
  /** World coordinates of the view's origin (the layer's rebase): a point's view position is world − origin. */
  readonly origin: readonly [number, number, number] | null;
  readonly tool: OctreeTool;
  /** A box's height over the two corners picked, metres. */
  readonly boxHeight: number;
  /** Changes whenever the octree's labels do (an edit, undo, redo, a remote edit). */
  readonly version: number;
  readonly working: number;
  /** The last edit: points changed, points the worker looked at, how long selecting (worker) and writing (here) took. */
  readonly last: { readonly changed: number; readonly selected: number; readonly looked: number; readonly selectMs: number; readonly writeMs: number } | null;
  /** The last lasso as sent (view-projection and NDC polygon), for anyone checking what it took. */
  readonly lastShape: SelectionShape | null;
}

const INITIAL: OctreeSegmentationState = { status: 'idle', message: null, frameId: null, pointCount: 0, origin: null, tool: 'orbit', boxHeight: 4, version: 0, working: 0, last: null, lastShape: null };

interface Attached {
  readonly cloud: PointCloudInfo;
  readonly layer: PotreeCloudLayer;
  cache: OctreeLabelCache | null;
  stopEditor: (() => void) | null;
  editor: Editor | null;
  /** The editor's patch list the cache was last brought up to. */
  synced: { readonly cache: OctreeLabelCache; readonly editor: Editor; readonly patches: readonly LabelPatchAnnotation[] } | null;
}

/**
 * Point segmentation of the streamed octree on screen. Its labels are label patch records like a
 * frame's (global point indices in octree.bin order, a frame id named by the octree's
 * hierarchy), so undo, redo, autosave and reload cover them as they do frames; they are worked
 * out per node for the nodes drawn, never for the whole cloud, and tools select among the drawn
 * nodes' points in a worker. Class, instance, hidden and locked classes are the segmentation's.
 */
export class OctreeSegmentation implements NodeLabelColours {
  readonly store: StoreApi<OctreeSegmentationState> = createStore(() => INITIAL);
  private attached: Attached | null = null;
  private client: OctreeSelectionClient | null = null;
  private view: ViewBinding | null = null;
  private readonly primed = new Map<string, LabelPatch>();
  private styleVersion = 0;
  private readonly stopStyle: () => void;

  constructor(private readonly workbench: Workbench) {
    const seg = segmentationOf(workbench);
    // Any change of how labels are drawn recolours the nodes.
    this.stopStyle = seg.store.subscribe((s, was) => {
      if (s.hidden !== was.hidden || s.colourByLabel !== was.colourByLabel || s.colourBy !== was.colourBy) this.styleVersion++;
    });
  }

  get state(): OctreeSegmentationState {
    return this.store.getState();
  }

  set(patch: Partial<OctreeSegmentationState>): void {
    this.store.setState(patch);
  }

  /** The layer streaming `cloud` is up: read its hierarchy for the point order, then colour its nodes by label. */
  attach(layer: PotreeCloudLayer, cloud: PointCloudInfo): () => void {
    this.detach();
    const attached: Attached = { cloud, layer, cache: null, stopEditor: null, editor: null, synced: null };
    this.attached = attached;
    this.set({ ...INITIAL, tool: this.state.tool === 'orbit' ? 'orbit' : this.state.tool, boxHeight: this.state.boxHeight, status: 'loading' });
    if (cloud.preview) {
      this.set({ status: 'unavailable', message: 'This is a preview of an octree still building; its points will be numbered differently. Label once the full octree is shown.' });
    } else if (!cloud.storeId) {
      this.set({ status: 'unavailable', message: 'The octree cannot be read for labelling.' });
    } else {
      void this.readOrder(attached, cloud.storeId).catch((e: unknown) => {
        if (this.attached === attached) this.set({ status: 'unavailable', message: `${cloud.name}: cannot read the octree's hierarchy for labelling: ${(e as Error).message}` });
      });
    }
    return () => {
      if (this.attached === attached) this.detach();
    };
  }

  bindView(view: ViewBinding | null): void {
    this.view = view;
  }

  /** The editor of the open session changed (or its records did): follow it. */
  followEditor(editor: Editor | null): void {
    const a = this.attached;
    if (!a || a.editor === editor) return;
    a.stopEditor?.();
    a.editor = editor;
    a.stopEditor = editor ? editor.subscribe(() => this.sync()) : null;
    this.sync();
  }

  // NodeLabelColours, for the layer.
  key(name: string): string | null {
    const cache = this.attached?.cache;
    if (!cache) return null;
    const hidden = segmentationOf(this.workbench).state.hidden;
    if (cache.patchCount === 0 && !hidden.includes(0)) return null;
    const node = cache.node(name);
    return node ? `${node.version}:${this.styleVersion}` : null;
  }

  colours(name: string, count: number): Uint8Array {
    const seg = segmentationOf(this.workbench);
    const labels = this.attached?.cache?.node(name)?.labels;
    const s = seg.state;
    const colours = new Map(seg.classes().map((c) => [c.semantic, c.color]));
    const rgba = labels && labels.length === count ? labelColours(labels, { colours, hidden: new Set(s.hidden), colourByLabel: s.colourByLabel, colourBy: s.colourBy }) : null;
    if (rgba) return rgba;
    const keep = new Uint8Array(4 * count);
    for (let o = 3; o < keep.length; o += 4) keep[o] = KEEP;
    return keep;
  }

  /** Labelled points among the nodes drawn now. */
  labelledInView(): number {
    const a = this.attached;
    if (!a?.cache) return 0;
    let n = 0;
    for (const node of a.layer.drawnNodes()) {
      const labels = a.cache.node(node.name)?.labels;
      if (labels) for (let i = 0; i < labels.length; i++) if (labels[i] !== 0) n++;
    }
    return n;
  }

  /** A lasso or polygon through the view (CSS pixel vertices x0, y0, x1, y1, …). */
  async lasso(screen: readonly (readonly [number, number])[]): Promise<void> {
    const view = this.view;
    if (!view) return this.say('The 3D view is not open to lasso in.');
    const { width, height } = view.size();
    const polygon = screen.flatMap(([x, y]) => [(x / width) * 2 - 1, 1 - (y / height) * 2]);
    await this.label({ kind: 'viewPolygon', viewProjection: view.viewProjection(), polygon });
  }

  /** A brush stroke through the points picked along it. */
  async brush(centres: readonly Vec3[]): Promise<void> {
    if (centres.length === 0) return this.say('The brush touched no point of the cloud.');
    const s = segmentationOf(this.workbench).state;
    await this.label({ kind: 'brush', centres, radius: s.brushRadius, brush: s.brushShape });
  }

  /** "All points in this box": upright, spanning two picked corners, `boxHeight` taller than they are apart. */
  async box(a: Vec3, b: Vec3): Promise<void> {
    const size: Vec3 = [Math.max(Math.abs(a[0] - b[0]), 0.01), Math.max(Math.abs(a[1] - b[1]), 0.01), Math.abs(a[2] - b[2]) + this.state.boxHeight];
    const center: Vec3 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
    await this.label({ kind: 'box', cuboid: { frame: 'view', center, size, rotation: [0, 0, 0, 1] } });
  }

  /** The point of the drawn cloud under CSS pixel (x, y), nearest the viewer; null where there is none. */
  async pick(x: number, y: number, pixels = 8): Promise<Vec3 | null> {
    const view = this.view;
    const nodes = this.loadedNodes();
    if (!view || !nodes) return null;
    const { width, height } = view.size();
    this.client ??= new OctreeSelectionClient();
    return this.client.pick(nodes, view.viewProjection(), (x / width) * 2 - 1, 1 - (y / height) * 2, [(2 * pixels) / width, (2 * pixels) / height]);
  }

  /**
   * Sends the worker the drawn nodes it lacks (and drops those gone), so a stroke finds their
   * points there: called while a labelling tool is chosen, it spreads the copying over the time
   * nodes stream in instead of paying it all on the first stroke.
   */
  warmWorker(): void {
    const nodes = this.loadedNodes();
    if (!nodes) return;
    this.client ??= new OctreeSelectionClient();
    this.client.prepare(nodes);
  }

  undo(): void {
    this.editor()?.undo();
  }

  redo(): void {
    this.editor()?.redo();
  }

  /** The octree's labels as a SemanticKITTI `.label` file: one word per point, in octree.bin order, built slice by slice. */
  exportLabels(): Blob {
    const cache = this.attached?.cache;
    if (!cache) throw new Error('No octree ready to export labels from.');
    const parts: BlobPart[] = [];
    const SLICE = 1 << 22;
    for (let first = 0; first < cache.order.pointCount; first += SLICE) {
      parts.push(encodeLabelFile(cache.range(first, Math.min(SLICE, cache.order.pointCount - first))).buffer as ArrayBuffer);
    }
    return new Blob(parts, { type: 'application/octet-stream' });
  }

  /** Replaces the octree's labels by a `.label` file's (octree.bin order), as one patch: one undo step. Answers the points changed. */
  importLabels(bytes: Uint8Array, source: string): number {
    const cache = this.attached?.cache;
    const editor = this.editor();
    if (!cache || !editor) throw new Error('No octree ready to import labels into.');
    const labels = decodeLabelFile(bytes, cache.order.pointCount, source);
    const patch = replacePatch(cache.frameId, cache.range(0, cache.order.pointCount), labels);
    if (!patch) return 0;
    this.write(editor, patch, segmentationOf(this.workbench).importClassId(), 0, 'Import point labels');
    return patch.changed;
  }

  dispose(): void {
    this.detach();
    this.stopStyle();
  }

  private detach(): void {
    const a = this.attached;
    if (!a) return;
    a.stopEditor?.();
    a.layer.setLabelColours(null);
    this.attached = null;
    this.client?.dispose();
    this.client = null;
    this.primed.clear();
  }

  private async readOrder(a: Attached, storeId: string): Promise<void> {
    const url = (file: string) => this.workbench.client.dataUrl(storeId, file);
    const meta = (await (await ok(fetch(url('metadata.json')), 'metadata.json')).json()) as { points?: number; hierarchy?: { firstChunkSize?: number } };
    const hierarchy = new Uint8Array(await (await ok(fetch(url('hierarchy.bin')), 'hierarchy.bin')).arrayBuffer());
    const order = octreePointOrder(readWholeHierarchy(hierarchy, Number(meta.hierarchy?.firstChunkSize)));
    if (order.pointCount !== meta.points) throw new Error(`the hierarchy holds ${order.pointCount} points, metadata.json says ${meta.points}`);
    const digest = Array.from(sha1(hierarchy), (b) => b.toString(16).padStart(2, '0')).join('');
    const frameId = octreeFrameId(digest, order.pointCount);
    if (this.attached !== a) return;
    const budget = this.workbench.view.getState().pointBudget;
    a.cache = new OctreeLabelCache(frameId, order, Math.max(8_000_000, 2 * budget));
    a.layer.setLabelColours(this);
    this.set({ status: 'ready', message: null, frameId, pointCount: order.pointCount, origin: [a.layer.origin.x, a.layer.origin.y, a.layer.origin.z] });
    this.followEditor(this.editor());
    this.sync();
  }

  private sync(): void {
    const a = this.attached;
    if (!a?.cache || !a.editor) return;
    const patches = patchRecords(a.editor, a.cache.frameId);
    // Runs on every edit: one that left the octree's patches be (the same array) changes no label.
    if (a.synced && a.synced.cache === a.cache && a.synced.editor === a.editor && a.synced.patches === patches) return;
    const before = a.cache.version;
    a.cache.sync(patches, this.primed);
    a.synced = { cache: a.cache, editor: a.editor, patches };
    this.primed.clear();
    if (a.cache.version !== before) this.set({ version: this.state.version + 1 });
  }

  private loadedNodes(): LoadedNode[] | null {
    const a = this.attached;
    if (!a?.cache) return null;
    const out: LoadedNode[] = [];
    for (const n of a.layer.drawnNodes()) {
      const range = a.cache.order.nodes.get(n.name);
      // A node's geometry holds exactly its points once loaded; anything else is not labelled.
      if (range && range.count * 3 === n.positions.length) out.push({ ...n, first: range.first });
    }
    return out;
  }

  private async label(shape: SelectionShape): Promise<void> {
    const a = this.attached;
    const editor = this.editor();
    const seg = segmentationOf(this.workbench);
    const cls = seg.activeClass();
    if (!a?.cache || this.state.status !== 'ready') return this.say(this.state.message ?? 'The octree is not ready to label yet.');
    if (!editor) return this.say('No scene is open to keep labels in.');
    if (!cls) return this.say('Choose a class to label points with.');
    const nodes = this.loadedNodes()!;
    const s = seg.state;
    const locked = new Set([...s.locked, ...s.hidden]);
    const word = labelWord(cls.semantic, s.instance);
    const name = s.instance ? `${cls.name} #${s.instance}` : cls.name;
    this.client ??= new OctreeSelectionClient();
    this.set({ working: this.state.working + 1, lastShape: shape });
    try {
      const selected = await this.client.select(nodes, shape);
      const cache = a.cache;
      if (this.attached !== a || this.editor() !== editor) return;
      const t0 = performance.now();
      const patch = paintSelected(cache.frameId, selected.indices, cache.labelsAt(selected.indices), word, { locked });
      if (!patch) return this.say(selected.indices.length ? `Those ${formatCount(selected.indices.length)} points are already ${name} or locked.` : 'No points selected.');
      const changed = this.write(editor, patch, cls.classId, word, `Label points ${name}`);
      this.set({ last: { changed, selected: selected.indices.length, looked: selected.points, selectMs: selected.ms, writeMs: performance.now() - t0 } });
      this.say(`Labelled ${formatCount(changed)} points ${name} (of ${formatCount(selected.points)} loaded).`);
    } catch (e) {
      this.say((e as Error).message);
    } finally {
      this.set({ working: this.state.working - 1 });
    }
  }

  private write(editor: Editor, patch: LabelPatch, classId: string, word: number, title: string): number {
    const siblings = patchRecords(editor, patch.frameId);
    const ordinal = siblings.reduce((m, r) => Math.max(m, r.ordinal + 1), 0);
    const record = labelPatchRecord(patch, { objectId: editor.newId(), sceneId: editor.sceneId, classId, label: word, ordinal, ontologyVersion: editor.ontologyVersion, author: editor.author, at: Date.now() });
    // The cache takes the patch as painted instead of decoding the record's base64 again.
    this.primed.set(record.objectId, patch);
    editor.commitChanges(title, [{ objectId: record.objectId, before: null, after: record }]);
    let changed = 0;
    for (let r = 1; r < patch.runs.length; r += 2) changed += patch.runs[r];
    return changed;
  }

  private editor(): Editor | null {
    return this.workbench.sessions.getState().session?.editor ?? null;
  }

  private say(message: string): void {
    this.workbench.view.getState().say(message);
  }
}

async function ok(response: Promise<Response>, file: string): Promise<Response> {
  const r = await response;
  if (!r.ok) throw new Error(`${file}: HTTP ${r.status}`);
  return r;
}

const segmentations = new WeakMap<Workbench, OctreeSegmentation>();

/** The workbench's octree segmentation, made when first asked for. */
export function octreeSegmentationOf(workbench: Workbench): OctreeSegmentation {
  let s = segmentations.get(workbench);
  if (!s) {
    s = new OctreeSegmentation(workbench);
    segmentations.set(workbench, s);
  }
  return s;
}
