import { createStore } from 'zustand/vanilla';
import type { Vertex2d } from '../../core/annotations/polygon2d/schema';

/** What a drag or click in a camera image does: select and edit 2D labels, draw a box, or click a polygon's vertices. */
export type Image2dTool = 'select' | 'box' | 'polygon';

export interface Image2dToolState {
  readonly tool: Image2dTool;
  /** The polygon being clicked: its camera and the vertices so far. */
  readonly polygon: { readonly cameraId: string; readonly vertices: readonly Vertex2d[] } | null;
  /** The selected polygon's vertex last pressed or inserted: what Delete removes. */
  readonly vertex: { readonly objectId: string; readonly index: number } | null;
}

/** One for the window: the camera panels share the tool, as the 3D view's tools are shared. */
export const image2dTool = createStore<Image2dToolState>(() => ({ tool: 'select', polygon: null, vertex: null }));

export function setImage2dTool(tool: Image2dTool): void {
  image2dTool.setState({ tool, polygon: null, vertex: null });
}
