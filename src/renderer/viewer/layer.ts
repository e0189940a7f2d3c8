import type { ComponentType } from 'react';
import type { ToolManager } from '../../core/editor/tools';

export interface LayerProps {
  /** The open scene's tools (null before a scene opens): layers that edit route gestures through them. */
  readonly tools: ToolManager | null;
}

/** One thing the 3D view draws: a React component mounted inside the canvas, holding plain three.js objects. */
export interface LayerDefinition {
  readonly id: string;
  readonly component: ComponentType<LayerProps>;
}
