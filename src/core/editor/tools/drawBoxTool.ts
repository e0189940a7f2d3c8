import { quatFromYaw } from '../../geometry/quaternion';
import type { Vec3 } from '../../geometry/vec3';
import type { ToolClass, ToolFrame, ToolOverlay } from './context';
import { movedBeyondSlop, type ToolPointerEvent } from './events';
import { StateNode } from './stateNode';
import { defineTool, type ToolDefinition } from './toolManager';

/** A footprint narrower than this both ways is a slip, not a box. */
export const MIN_FOOTPRINT_M = 0.3;

const LABEL = 'draw cuboid';

interface Start {
  readonly frame: ToolFrame;
  readonly cls: ToolClass;
  readonly ground: Vec3;
  readonly screen: readonly [number, number];
}

class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(e: ToolPointerEvent): void {
    if (e.button !== 0) return;
    const frame = this.ctx.frame();
    const cls = this.ctx.activeClass();
    if (!frame) return this.ctx.say('No scan on screen to draw in.');
    if (!cls) return this.ctx.say('Choose a class before drawing a box.');
    if (!e.hit.ground) return this.ctx.say('Press on the ground to start a box.');
    const start: Start = { frame, cls, ground: e.hit.ground, screen: e.screen };
    this.goTo('pointing', start);
  }
}

class Pointing extends StateNode {
  private start: Start | null = null;

  readonly id = 'pointing';

  override onEnter(info: unknown): void {
    this.start = info as Start;
  }

  override onPointerMove(e: ToolPointerEvent): void {
    if (this.start && movedBeyondSlop(this.start.screen, e.screen)) this.goTo('dragging', { start: this.start, at: e });
  }

  override onPointerUp(): void {
    this.goTo('idle');
    this.ctx.say(`Drag a footprint on the ground to draw a box (at least ${MIN_FOOTPRINT_M} m across).`);
  }

  override onCancel(): void {
    this.goTo('idle');
  }
}

class Dragging extends StateNode {
  private start: Start | null = null;
  private objectId: string | null = null;
  private inGesture = false;
  private footprint: ToolOverlay | null = null;

  readonly id = 'dragging';

  override onEnter(info: unknown): void {
    const { start, at } = info as { start: Start; at: ToolPointerEvent };
    this.start = start;
    this.objectId = null;
    this.ctx.editor.beginGesture(LABEL);
    this.inGesture = true;
    this.follow(at.hit.ground ?? start.ground);
  }

  override onExit(): void {
    // Put away mid-drag (another tool, the scene closing): nothing half-drawn is kept.
    if (this.inGesture) this.ctx.editor.cancelGesture();
    this.inGesture = false;
    this.footprint = null;
  }

  override overlay(): ToolOverlay | null {
    return this.footprint;
  }

  override onPointerMove(e: ToolPointerEvent): void {
    if (e.hit.ground) this.follow(e.hit.ground);
  }

  override onPointerUp(e: ToolPointerEvent): void {
    if (e.hit.ground) this.follow(e.hit.ground);
    const made = this.objectId;
    if (!made) {
      this.goTo('idle');
      this.ctx.say(`Too small: drag a footprint at least ${MIN_FOOTPRINT_M} m across.`);
      return;
    }
    this.ctx.editor.endGesture();
    this.inGesture = false;
    this.goTo('idle');
    this.ctx.select(made);
    this.ctx.say(null);
    this.ctx.setTool('select');
  }

  override onCancel(): void {
    this.goTo('idle');
  }

  /** Grows the box to the footprint from the press to `here`, creating it once it is large enough. */
  private follow(here: Vec3): void {
    const start = this.start;
    if (!start) return;
    const a = start.ground;
    this.footprint = { kind: 'footprint', from: a, to: here };
    const dx = Math.abs(here[0] - a[0]);
    const dy = Math.abs(here[1] - a[1]);
    const editor = this.ctx.editor;
    if (dx < MIN_FOOTPRINT_M && dy < MIN_FOOTPRINT_M) {
      if (this.objectId) editor.deleteObjects([this.objectId]);
      this.objectId = null;
      return;
    }
    const height = start.cls.defaultSize[2];
    const bottom = Math.min(a[2], here[2]);
    const cuboid = {
      frame: start.frame.sensorId,
      center: [(a[0] + here[0]) / 2, (a[1] + here[1]) / 2, bottom + height / 2] as Vec3,
      size: [Math.max(dx, MIN_FOOTPRINT_M), Math.max(dy, MIN_FOOTPRINT_M), height] as Vec3,
      rotation: quatFromYaw(0),
    };
    if (this.objectId) editor.updateCuboid(this.objectId, { cuboid }, LABEL);
    else this.objectId = editor.createCuboid({ frameId: start.frame.frameId, classId: start.cls.classId, cuboid }).objectId;
  }
}

/**
 * Draw box: press on the ground and drag a footprint; the box (the class's default height,
 * standing on the ground) exists from the first movement as part of one editor gesture, so views
 * show it as it grows, release makes it one undo step, and Escape takes it back out.
 */
export const drawBoxTool: ToolDefinition = defineTool('draw', [Idle, Pointing, Dragging]);
