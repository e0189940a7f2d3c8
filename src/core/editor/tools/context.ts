import type { PointArray } from '../../assist';
import type { Vec3 } from '../../geometry/vec3';
import type { Ontology } from '../../ontology/schema';
import type { Editor } from '../editor';
import type { RelationDraft } from './relateTool';

/** The frame a tool labels: its id, the sensor frame boxes are written in, and its points. */
export interface ToolFrame {
  readonly frameId: string;
  readonly sensorId: string;
  readonly points: PointArray;
  readonly stride: number;
}

/** The class a new box gets, and the size it starts from. */
export interface ToolClass {
  readonly classId: string;
  readonly defaultSize: Vec3;
}

/**
 * What a tool may read and do outside the editor. The app backs it with its view state; the
 * headless harness with plain fields, so every tool runs in a unit test.
 */
export interface ToolContext {
  readonly editor: Editor;
  /** The frame on screen, or null when there is none to label. */
  frame(): ToolFrame | null;
  /** The class chosen for new boxes, or null when the ontology has none. */
  activeClass(): ToolClass | null;
  selectedId(): string | null;
  select(objectId: string | null): void;
  /** A message for the annotator; null clears the last one. */
  say(message: string | null): void;
  /** Makes another tool the active one (a create tool hands back to select once its box exists). */
  setTool(toolId: string): void;
  /** The ontology's classes and relations, for the tools that ask it what may be drawn (absent or null: none loaded). */
  ontology?(): Pick<Ontology, 'classes' | 'relations'> | null;
}

/**
 * Something a tool wants drawn while it works: the footprint being dragged, or the LiDAR point a
 * comment is about to be pinned to (in `space`, the frame's sensor frame), which the review panel
 * writes the comment for.
 */
export type ToolOverlay =
  | { readonly kind: 'footprint'; readonly from: Vec3; readonly to: Vec3 }
  | { readonly kind: 'pin'; readonly frameId: string; readonly point: Vec3; readonly space: string }
  | { readonly kind: 'relate'; readonly subjectTrackId: string; readonly draft: RelationDraft | null };
