import { nudgeSelected, NUDGE_COARSE_DEG, NUDGE_COARSE_M, shrinkSelected, snapSelectedToGround, type BoxActionContext, type BoxView, type Nudge } from '../../core/editor/boxViews';
import { toolFrameOf } from '../viewer/useToolManager';
import type { CommandApp } from './commandApp';
import type { CommandRegistry } from './registry';

const EDIT_SELECTED = 'sceneView && canEdit && hasSelection && !textFocus';

function boxActions({ editor, view }: CommandApp): BoxActionContext | null {
  if (!editor) return null;
  return { editor, frame: () => toolFrameOf(view.cloud), selectedId: () => view.selectedId, say: (m) => (m === null ? undefined : view.say(m)) };
}

const run = (act: (ctx: BoxActionContext) => unknown) => (app: CommandApp) => {
  const ctx = boxActions(app);
  if (ctx) act(ctx);
};

const cm = `${Math.round(NUDGE_COARSE_M * 100)} cm`;

/** Steps in the box's own axes, whichever view has the keyboard: forward and back run along its length. */
const NUDGES: ReadonlyArray<{ id: string; title: string; view: BoxView; nudge: Nudge }> = [
  { id: 'box.nudgeForward', title: `Nudge box forward ${cm}`, view: 'top', nudge: { kind: 'move', du: NUDGE_COARSE_M, dv: 0 } },
  { id: 'box.nudgeBack', title: `Nudge box back ${cm}`, view: 'top', nudge: { kind: 'move', du: -NUDGE_COARSE_M, dv: 0 } },
  { id: 'box.nudgeLeft', title: `Nudge box left ${cm}`, view: 'top', nudge: { kind: 'move', du: 0, dv: NUDGE_COARSE_M } },
  { id: 'box.nudgeRight', title: `Nudge box right ${cm}`, view: 'top', nudge: { kind: 'move', du: 0, dv: -NUDGE_COARSE_M } },
  { id: 'box.nudgeUp', title: `Nudge box up ${cm}`, view: 'side', nudge: { kind: 'move', du: 0, dv: NUDGE_COARSE_M } },
  { id: 'box.nudgeDown', title: `Nudge box down ${cm}`, view: 'side', nudge: { kind: 'move', du: 0, dv: -NUDGE_COARSE_M } },
  { id: 'box.turnLeft', title: `Turn box left ${NUDGE_COARSE_DEG}°`, view: 'top', nudge: { kind: 'rotate', radians: (NUDGE_COARSE_DEG * Math.PI) / 180 } },
  { id: 'box.turnRight', title: `Turn box right ${NUDGE_COARSE_DEG}°`, view: 'top', nudge: { kind: 'rotate', radians: (-NUDGE_COARSE_DEG * Math.PI) / 180 } },
];

/**
 * The box views' commands. Shrink and snap have keys of their own; the nudges have none by
 * default, since the arrows step frames: inside the box views the arrows and Q / E nudge in the
 * view under the pointer (Shift: fine), and here they can be bound or run from the palette.
 */
export function registerBoxViewCommands(r: CommandRegistry<CommandApp>): void {
  r.register({ id: 'box.shrinkToPoints', category: 'Box', title: 'Shrink box to points', description: 'The tightest box around the points inside it, above the ground, heading kept', keys: ['Shift+S'], when: EDIT_SELECTED, run: run(shrinkSelected) });
  r.register({ id: 'box.snapToGround', category: 'Box', title: 'Snap box to ground', description: 'The bottom face down (or up) to the ground around the box, the top kept', keys: ['Shift+G'], when: EDIT_SELECTED, run: run(snapSelectedToGround) });
  for (const n of NUDGES) {
    r.register({ id: n.id, category: 'Box', title: n.title, description: 'In the box views: arrows, Q / E, Shift for a fine step', when: EDIT_SELECTED, run: run((ctx) => nudgeSelected(ctx, n.view, n.nudge)) });
  }
}
