import type { Vec3 } from '../../../geometry/vec3';
import type { Ontology } from '../../../ontology/schema';
import { createTestEditor, type TestEditor } from '../../testEditor';
import type { ToolClass, ToolContext, ToolFrame } from '../context';
import { boxesInFrame } from '../frameBoxes';
import { NO_MODIFIERS, type Modifiers, type PointerHit, type ToolPointerEvent } from '../events';
import { pickCuboid, rayAtHeight, type Ray } from '../ray';
import { ToolManager, type ToolDefinition } from '../toolManager';
import { TOOLS } from '../index';

/** The harness's view looks straight down from this height, at this many CSS pixels per metre. */
const EYE_HEIGHT_M = 100;
const PX_PER_M = 20;
/** A point within this distance of the cursor's vertical is under it (the app picks within 6 px). */
const POINT_PICK_RADIUS_M = 0.15;

/**
 * Where the pointer is, in the scene frame (x, y), and what to put in the hit instead of what the
 * harness's own picking finds there.
 */
export interface At {
  readonly x: number;
  readonly y: number;
  readonly hit?: Partial<PointerHit>;
  readonly button?: number;
  readonly modifiers?: Partial<Modifiers>;
}

export interface ToolHarness extends TestEditor {
  readonly tools: ToolManager;
  /** Everything the tools said, in order (null: a message cleared). */
  readonly messages: Array<string | null>;
  frame: ToolFrame | null;
  activeClass: ToolClass | null;
  selected: string | null;
  /** The last message, if the last thing said was not a clear. */
  readonly lastMessage: string | null;
  /** The event the harness would send for the pointer at `at`: a top-down view picks like the app does. */
  eventAt(at: At): ToolPointerEvent;
  down(at: At): void;
  move(at: At): void;
  up(at: At): void;
  click(at: At): void;
  /** Press at `from`, move in `steps` to `to`, release there. */
  drag(from: At, to: At, steps?: number): void;
  escape(): void;
}

export interface ToolHarnessOptions {
  readonly frame?: ToolFrame | null;
  readonly activeClass?: ToolClass | null;
  readonly groundZ?: number;
  readonly tool?: string;
  readonly tools?: readonly ToolDefinition[];
  readonly editor?: Parameters<typeof createTestEditor>[0];
  /** What the tools ask of the ontology (the Relate tool's predicates); none when absent. */
  readonly ontology?: Pick<Ontology, 'classes' | 'relations'>;
}

export const CAR_CLASS: ToolClass = { classId: 'car', defaultSize: [4.5, 1.9, 1.6] };

/**
 * Drives the real tools headlessly: a top-down view over the scene frame turns (x, y) into the
 * ray, the screen position and the hit the app's picking would give (the box the ray meets first,
 * the highest LiDAR point under the cursor, the ground), so a test is pointer events in, records
 * and operations out.
 */
export function createToolHarness(options: ToolHarnessOptions = {}): ToolHarness {
  const test = createTestEditor(options.editor);
  const groundZ = options.groundZ ?? 0;
  const messages: Array<string | null> = [];
  const state = {
    frame: options.frame === undefined ? emptyFrame() : options.frame,
    activeClass: options.activeClass === undefined ? CAR_CLASS : options.activeClass,
    selected: null as string | null,
  };
  let manager: ToolManager | null = null;
  const ctx: ToolContext = {
    editor: test.editor,
    frame: () => state.frame,
    activeClass: () => state.activeClass,
    selectedId: () => state.selected,
    select: (id) => {
      state.selected = id;
    },
    say: (m) => {
      messages.push(m);
    },
    setTool: (id) => manager?.setCurrent(id),
    ontology: () => options.ontology ?? null,
  };
  manager = new ToolManager(ctx, options.tools ?? TOOLS, options.tool ?? 'select');
  const tools = manager;

  const eventAt = (at: At): ToolPointerEvent => {
    const ray: Ray = { origin: [at.x, at.y, EYE_HEIGHT_M], direction: [0, 0, -1] };
    const frame = state.frame;
    const picked: PointerHit = {
      objectId: frame ? pickCuboid(ray, boxesInFrame(test.editor, frame.frameId)) : null,
      point: frame ? highestPointUnder(frame, at.x, at.y) : null,
      ground: rayAtHeight(ray, groundZ),
    };
    return {
      viewId: '3d',
      ray,
      // Screen y grows downwards, scene y to the left of a view looking along +x from above.
      screen: [-at.y * PX_PER_M, -at.x * PX_PER_M],
      hit: { ...picked, ...at.hit },
      button: at.button ?? 0,
      modifiers: { ...NO_MODIFIERS, ...at.modifiers },
    };
  };

  const harness: ToolHarness = {
    ...test,
    tools,
    messages,
    get frame() {
      return state.frame;
    },
    set frame(f) {
      state.frame = f;
    },
    get activeClass() {
      return state.activeClass;
    },
    set activeClass(c) {
      state.activeClass = c;
    },
    get selected() {
      return state.selected;
    },
    set selected(id) {
      state.selected = id;
    },
    get lastMessage() {
      return messages.at(-1) ?? null;
    },
    eventAt,
    down: (at) => tools.pointerDown(eventAt(at)),
    move: (at) => tools.pointerMove(eventAt(at)),
    up: (at) => tools.pointerUp(eventAt(at)),
    click: (at) => {
      tools.pointerDown(eventAt(at));
      tools.pointerUp(eventAt(at));
    },
    drag: (from, to, steps = 8) => {
      tools.pointerDown(eventAt(from));
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        tools.pointerMove(eventAt({ ...to, x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t }));
      }
      tools.pointerUp(eventAt(to));
    },
    escape: () => tools.keyDown({ key: 'Escape', modifiers: NO_MODIFIERS }),
  };
  return harness;
}

function emptyFrame(): ToolFrame {
  return { frameId: 'frame-0', sensorId: 'lidar', points: new Float32Array(0), stride: 4 };
}

function highestPointUnder(frame: ToolFrame, x: number, y: number): Vec3 | null {
  const { points, stride } = frame;
  let best = -1;
  for (let i = 0; i + 2 < points.length; i += stride) {
    if (Math.hypot(points[i] - x, points[i + 1] - y) > POINT_PICK_RADIUS_M) continue;
    if (best < 0 || points[i + 2] > points[best + 2]) best = i;
  }
  return best < 0 ? null : [points[best], points[best + 1], points[best + 2]];
}
