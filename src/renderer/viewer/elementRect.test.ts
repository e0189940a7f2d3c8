import { describe, expect, it } from 'vitest';
import { ElementRect, type RectLike, type RectSource } from './elementRect';

/** An element whose box can be moved, counting how often it is measured, with its listeners. */
function fakeElement() {
  let box: RectLike = { left: 100, top: 50, width: 800, height: 600 };
  const listeners = new Map<string, Set<() => void>>();
  const element = {
    reads: 0,
    moveTo(next: RectLike) {
      box = next;
    },
    fire(type: string) {
      for (const l of listeners.get(type) ?? []) l();
    },
    listening: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    getBoundingClientRect() {
      element.reads++;
      return { ...box, x: box.left, y: box.top };
    },
    addEventListener(type: string, l: () => void) {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(l);
    },
    removeEventListener(type: string, l: () => void) {
      listeners.get(type)?.delete(l);
    },
  } satisfies RectSource & Record<string, unknown>;
  return element;
}

function resizeWatch() {
  const watch = { resized: () => {}, watching: false };
  return {
    watch,
    fn: (_: RectSource, changed: () => void) => {
      watch.resized = changed;
      watch.watching = true;
      return () => void (watch.watching = false);
    },
  };
}

describe('ElementRect', () => {
  it('measures the element once for any number of moves', () => {
    const el = fakeElement();
    const rect = new ElementRect(el, resizeWatch().fn);
    for (let i = 0; i < 10; i++) expect(rect.getBoundingClientRect()).toEqual({ left: 100, top: 50, width: 800, height: 600 });
    expect(el.reads).toBe(1);
  });

  it('measures again after a resize, a press or the pointer coming in', () => {
    const el = fakeElement();
    const { watch, fn } = resizeWatch();
    const rect = new ElementRect(el, fn);
    rect.getBoundingClientRect();
    el.moveTo({ left: 0, top: 0, width: 400, height: 300 });
    expect(rect.getBoundingClientRect().width).toBe(800);
    watch.resized();
    expect(rect.getBoundingClientRect()).toEqual({ left: 0, top: 0, width: 400, height: 300 });
    el.moveTo({ left: 10, top: 20, width: 400, height: 300 });
    el.fire('pointerdown');
    expect(rect.getBoundingClientRect().left).toBe(10);
    el.moveTo({ left: 30, top: 20, width: 400, height: 300 });
    el.fire('pointerenter');
    expect(rect.getBoundingClientRect().left).toBe(30);
    expect(el.reads).toBe(4);
  });

  it('lets go of the element when disposed', () => {
    const el = fakeElement();
    const { watch, fn } = resizeWatch();
    const rect = new ElementRect(el, fn);
    expect(el.listening()).toBe(2);
    rect.dispose();
    expect(el.listening()).toBe(0);
    expect(watch.watching).toBe(false);
  });
});
