import { drawBoxTool } from './drawBoxTool';
import { fitPointTool } from './fitPointTool';
import { pinPointTool } from './pinPointTool';
import { relateTool } from './relateTool';
import { segmentTool } from './segmentTool';
import { selectTool } from './selectTool';
import type { ToolDefinition } from './toolManager';

export type { ToolClass, ToolContext, ToolFrame, ToolOverlay } from './context';
export { CLICK_SLOP_PX, NO_MODIFIERS, type Modifiers, type PointerHit, type ToolKeyEvent, type ToolPointerEvent } from './events';
export { groundUnderRay, pickCuboid, rayAtHeight, rayCuboidEntry, type Ray } from './ray';
export { StateNode } from './stateNode';
export { defineTool, ToolManager, type StateClass, type ToolDefinition, type ToolSnapshot } from './toolManager';
export { MIN_FOOTPRINT_M } from './drawBoxTool';
export { PIN_TOOL_ID } from './pinPointTool';
export { draftRelation, RELATE_TOOL_ID, type RelationDraft } from './relateTool';
/** The box views' tool, run by their own manager beside the 3D view's (it needs the views' zoom). */
export { BOX_VIEW_TOOL_ID, boxViewTool, type BoxViewZoom } from './boxViewTool';

/** Every tool of the 3D view; a new tool is its module plus one line here. */
export const TOOLS: readonly ToolDefinition[] = [selectTool, drawBoxTool, fitPointTool, pinPointTool, relateTool, segmentTool];
