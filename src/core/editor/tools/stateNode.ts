import type { ToolContext, ToolOverlay } from './context';
import type { ToolEvent, ToolKeyEvent, ToolPointerEvent } from './events';

/**
 * One state of a tool, after tldraw's StateNode: a tool is the root of a tree of states, each
 * active state hears the events (the parent first, then its active child) and moves its parent
 * to a sibling by name. Entering a state with children enters its initial child; leaving it
 * leaves the active child first.
 */
export abstract class StateNode {
  private readonly children = new Map<string, StateNode>();
  private initial: string | null = null;
  private active: StateNode | null = null;

  /** The state's name among its siblings (a tool's root: the tool's id). */
  abstract readonly id: string;

  constructor(
    protected readonly ctx: ToolContext,
    readonly parent: StateNode | null = null,
  ) {}

  // ---- handlers a state overrides ---------------------------------------------------------------

  onEnter(_info: unknown): void {}
  onExit(): void {}
  onPointerDown(_e: ToolPointerEvent): void {}
  onPointerMove(_e: ToolPointerEvent): void {}
  onPointerUp(_e: ToolPointerEvent): void {}
  onKeyDown(_e: ToolKeyEvent): void {}
  /** A view's own handles (the gizmo) began a drag of the selection, named for its undo step. */
  onHandleDragStart(_label: string): void {}
  onHandleDragEnd(): void {}
  /** Escape, or the tool being put away: abandon what is under way and leave nothing behind. */
  onCancel(): void {}
  /** What this state wants drawn, if anything. */
  overlay(): ToolOverlay | null {
    return null;
  }

  // ---- the tree --------------------------------------------------------------------------------

  /** Registers the child states; the first is the initial one. */
  protected setChildren(children: readonly StateNode[]): void {
    for (const c of children) {
      if (c.parent !== this) throw new Error(`state ${c.id} was not made as a child of ${this.id}`);
      this.children.set(c.id, c);
    }
    this.initial = children[0]?.id ?? null;
  }

  get current(): StateNode | null {
    return this.active;
  }

  /** The active states from this one down, joined by dots: "draw.dragging". */
  get path(): string {
    return this.active ? `${this.id}.${this.active.path}` : this.id;
  }

  /** The deepest active state. */
  get leaf(): StateNode {
    return this.active ? this.active.leaf : this;
  }

  /** Whether this state or an active state below it is the one named. */
  isIn(id: string): boolean {
    return this.id === id || (this.active?.isIn(id) ?? false);
  }

  /** Makes the named child the active one, leaving the one before. */
  transition(id: string, info?: unknown): void {
    const next = this.children.get(id);
    if (!next) throw new Error(`state ${this.id} has no child ${id}`);
    this.active?.exit();
    this.active = next;
    next.enter(info);
  }

  /** Moves the parent to a sibling of this state. */
  protected goTo(id: string, info?: unknown): void {
    if (!this.parent) throw new Error(`state ${this.id} has no parent to move`);
    this.parent.transition(id, info);
  }

  enter(info?: unknown): void {
    this.onEnter(info);
    if (this.initial && !this.active) this.transition(this.initial, info);
  }

  exit(): void {
    this.active?.exit();
    this.active = null;
    this.onExit();
  }

  handle(event: ToolEvent): void {
    const child = this.active;
    switch (event.type) {
      case 'pointerDown': this.onPointerDown(event.event); break;
      case 'pointerMove': this.onPointerMove(event.event); break;
      case 'pointerUp': this.onPointerUp(event.event); break;
      case 'keyDown': this.onKeyDown(event.event); break;
      case 'handleDragStart': this.onHandleDragStart(event.label); break;
      case 'handleDragEnd': this.onHandleDragEnd(); break;
      case 'cancel': this.onCancel(); break;
    }
    // A handler that moved to another child has dealt with the event: the new child does not hear it.
    if (child && child === this.active) child.handle(event);
  }
}
