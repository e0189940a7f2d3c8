import type { Editor } from '../editor';
import type { ToolContext, ToolOverlay } from './context';
import type { ToolEvent, ToolKeyEvent, ToolPointerEvent } from './events';
import { StateNode } from './stateNode';

/** The state a tool is in while a view's handles drag the selection. */
export const HANDLE_DRAG_STATE = 'transforming';

/** A tool as registered: its id (what the view's `tool` field names) and how to build its states. */
export interface ToolDefinition {
  readonly id: string;
  create(ctx: ToolContext): StateNode;
}

/** A state class as a tool lists it: made with the context and its parent. */
export type StateClass = new (ctx: ToolContext, parent: StateNode) => StateNode;

class ToolRoot extends StateNode {
  constructor(
    readonly id: string,
    ctx: ToolContext,
    states: readonly StateClass[],
  ) {
    super(ctx);
    const children = states.map((State) => new State(ctx, this));
    // `busy` and Escape rely on it: a tool at rest is in its idle state.
    if (children[0]?.id !== 'idle') throw new Error(`tool ${id} must start in a state named idle`);
    this.setChildren(children);
  }
}

/** A tool made of its states; the first is the one it starts in and comes back to, named 'idle'. */
export function defineTool(id: string, states: readonly StateClass[]): ToolDefinition {
  return { id, create: (ctx) => new ToolRoot(id, ctx, states) };
}

/** What a view draws of the tools: read through `snapshot()`, which changes identity only on a change. */
export interface ToolSnapshot {
  readonly toolId: string;
  /** The active states, e.g. "draw.dragging". */
  readonly path: string;
  readonly overlay: ToolOverlay | null;
}

/**
 * Holds the tools, routes projected events to the active one, and tells views when what they
 * show of it changed. Escape (or `cancel()`) abandons the gesture under way.
 */
export class ToolManager {
  private readonly tools = new Map<string, StateNode>();
  private active: StateNode;
  private readonly listeners = new Set<() => void>();
  private last: ToolSnapshot;
  private readonly say: (message: string | null) => void;
  /** Whether the tools' last message still stands. */
  private saying = false;
  /** The editor the tools write to. */
  readonly editor: Editor;

  constructor(ctx: ToolContext, definitions: readonly ToolDefinition[], initial: string) {
    this.editor = ctx.editor;
    this.say = (message) => {
      this.saying = message !== null;
      ctx.say(message);
    };
    const toolCtx: ToolContext = { ...ctx, say: this.say };
    for (const d of definitions) {
      if (this.tools.has(d.id)) throw new Error(`tool ${d.id} is registered twice`);
      this.tools.set(d.id, d.create(toolCtx));
    }
    const first = this.tools.get(initial);
    if (!first) throw new Error(`no tool ${initial}`);
    this.active = first;
    first.enter();
    this.last = this.take();
  }

  get toolIds(): string[] {
    return [...this.tools.keys()];
  }

  get currentId(): string {
    return this.active.id;
  }

  get path(): string {
    return this.active.path;
  }

  /** Whether a gesture is under way (any state but the tool's first). */
  get busy(): boolean {
    return this.active.leaf.id !== 'idle';
  }

  has(toolId: string): boolean {
    return this.tools.has(toolId);
  }

  /** Makes another tool active; the one put away cancels whatever it had under way. */
  setCurrent(toolId: string): void {
    const next = this.tools.get(toolId);
    if (!next) throw new Error(`no tool ${toolId}`);
    if (next === this.active) return;
    this.active.handle({ type: 'cancel' });
    this.active.exit();
    this.active = next;
    next.enter();
    this.changed();
  }

  /** A new press makes what a tool last said stale (a refusal, a fit's point count): it goes. */
  pointerDown(e: ToolPointerEvent): void {
    if (this.saying) this.say(null);
    this.dispatch({ type: 'pointerDown', event: e });
  }

  pointerMove(e: ToolPointerEvent): void {
    this.dispatch({ type: 'pointerMove', event: e });
  }

  pointerUp(e: ToolPointerEvent): void {
    this.dispatch({ type: 'pointerUp', event: e });
  }

  /** Escape cancels the gesture under way; other keys go to the active tool. */
  keyDown(e: ToolKeyEvent): void {
    if (e.key === 'Escape') this.cancel();
    else this.dispatch({ type: 'keyDown', event: e });
  }

  /**
   * A drag run by a view's own handles (the gizmo on the selected box) starts: the active tool
   * opens one editor gesture for it, so the press is no click, the drag is one undo step and
   * Escape takes it back. Says whether the tool took it; edits belong to it only while
   * `handleDragging`.
   */
  beginHandleDrag(label: string): boolean {
    this.dispatch({ type: 'handleDragStart', label });
    return this.handleDragging;
  }

  /** The handles let go: the gesture is kept. Says whether one was still under way (not cancelled). */
  endHandleDrag(): boolean {
    const was = this.handleDragging;
    this.dispatch({ type: 'handleDragEnd' });
    return was;
  }

  get handleDragging(): boolean {
    return this.active.isIn(HANDLE_DRAG_STATE);
  }

  /** Abandons the gesture under way; says whether there was one. */
  cancel(): boolean {
    const wasBusy = this.busy;
    this.dispatch({ type: 'cancel' });
    return wasBusy;
  }

  snapshot(): ToolSnapshot {
    return this.last;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dispatch(event: ToolEvent): void {
    this.active.handle(event);
    this.changed();
  }

  private take(): ToolSnapshot {
    return { toolId: this.active.id, path: this.active.path, overlay: this.active.leaf.overlay() };
  }

  private changed(): void {
    const next = this.take();
    if (next.toolId === this.last.toolId && next.path === this.last.path && next.overlay === this.last.overlay) return;
    this.last = next;
    for (const l of this.listeners) l();
  }
}
