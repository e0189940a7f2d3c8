/** An element's box on the page, as getBoundingClientRect gives it. */
export interface RectLike {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** What the cache needs of an element: its box, and events that may say it moved. */
export interface RectSource {
  getBoundingClientRect(): RectLike;
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void;
  removeEventListener(type: string, listener: () => void, options?: EventListenerOptions): void;
}

/** Calls back when the observed element changes size (the DOM's ResizeObserver, or a test's). */
export type ResizeWatch = (target: RectSource, changed: () => void) => () => void;

const domResizeWatch: ResizeWatch = (target, changed) => {
  if (typeof ResizeObserver === 'undefined') return () => undefined;
  const observer = new ResizeObserver(changed);
  observer.observe(target as unknown as Element);
  return () => observer.disconnect();
};

const PRESS: AddEventListenerOptions = { capture: true };

/**
 * An element's place on the page, read once and kept for the pointer handlers that turn a client
 * position into the element's own. getBoundingClientRect lays the page out first whenever anything
 * changed since the last layout, and a drag changes the page on every move (the edit re-renders
 * fields and tags), so reading it per move paid a layout of its own on each one.
 *
 * The box is read again after the element is resized, when the pointer comes in, and on a press
 * (in the capture phase, so before any handler of the press reads it): a drag holds the box it
 * started with, and a view moved without a resize is caught at the next press or entry.
 */
export class ElementRect {
  private kept: RectLike | null = null;
  private readonly stale = () => {
    this.kept = null;
  };
  private readonly unwatch: () => void;

  constructor(
    private readonly element: RectSource,
    watch: ResizeWatch = domResizeWatch,
  ) {
    element.addEventListener('pointerdown', this.stale, PRESS);
    element.addEventListener('pointerenter', this.stale);
    this.unwatch = watch(element, this.stale);
  }

  /** The element's box: the one kept, or a fresh read when it may have moved. */
  getBoundingClientRect(): RectLike {
    if (!this.kept) {
      const r = this.element.getBoundingClientRect();
      this.kept = { left: r.left, top: r.top, width: r.width, height: r.height };
    }
    return this.kept;
  }

  /** Forgets the box, so the next read measures it (a window resize, a change of layout). */
  invalidate(): void {
    this.kept = null;
  }

  dispose(): void {
    this.element.removeEventListener('pointerdown', this.stale, PRESS);
    this.element.removeEventListener('pointerenter', this.stale);
    this.unwatch();
    this.kept = null;
  }
}
