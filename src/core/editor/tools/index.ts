import { drawBoxTool } from './drawBoxTool';
import { fitPointTool } from './fitPointTool';
import { selectTool } from './selectTool';
import type { ToolDefinition } from './toolManager';

export type { ToolClass, ToolContext, ToolFrame, ToolOverlay } from './context';
export { CLICK_SLOP_PX, NO_MODIFIERS, type Modifiers, type PointerHit, type ToolKeyEvent, type ToolPointerEvent } from './events';
export { groundUnderRay, pickCuboid, rayAtHeight, rayCuboidEntry, type Ray } from './ray';
export { StateNode } from './stateNode';
export { defineTool, ToolManager, type StateClass, type ToolDefinition, type ToolSnapshot } from './toolManager';
export { MIN_FOOTPRINT_M } from './drawBoxTool';

/** Every tool of the 3D view; a new tool is its module plus one line here. */
export const TOOLS: readonly ToolDefinition[] = [selectTool, drawBoxTool, fitPointTool];
