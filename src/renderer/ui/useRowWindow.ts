import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Lists this long or shorter are drawn whole: every row in the DOM, as tests and find-in-page expect. */
export const WHOLE_LIST_ROWS = 150;
/** Rows drawn beyond the visible ones on each side, so a scroll shows rows already there. */
const OVERSCAN = 30;
const FALLBACK_ROW_PX = 24;

export interface RowWindow {
  readonly from: number;
  readonly to: number;
  /** Height of the rows left out above and below, to keep the scroll range of the whole list. */
  readonly padTop: number;
  readonly padBottom: number;
}

/** The nearest ancestor that scrolls vertically (the panel, or the dock's tab around it). */
function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if (overflowY === 'auto' || overflowY === 'scroll') return p;
  }
  return null;
}

/**
 * The rows of a long list that are in or near view of its scrolling container, for lists of equal
 * rows: a frame of 1,000 boxes then mounts some 100 rows when stepped onto, not 1,000. `list` is
 * the list element; its first row gives the row height, its scrolling ancestor the view.
 */
export function useRowWindow(count: number, list: RefObject<HTMLElement | null>): RowWindow {
  const [rowPx, setRowPx] = useState(FALLBACK_ROW_PX);
  const measured = useRef(false);
  const [view, setView] = useState({ top: 0, height: 800 });
  const windowed = count > WHOLE_LIST_ROWS;

  // Measured once: a measure on every render would force a layout on every selection.
  useLayoutEffect(() => {
    if (!windowed || measured.current) return;
    const h = list.current?.querySelector('li:not([aria-hidden])')?.getBoundingClientRect().height;
    if (!h) return;
    measured.current = true;
    setRowPx(h);
  });

  useEffect(() => {
    const el = windowed && list.current ? scrollParent(list.current) : null;
    if (!el) return;
    const update = () => {
      // Where the list starts inside the scrolled content (a heading above it scrolls too).
      const offset = (list.current?.getBoundingClientRect().top ?? 0) - el.getBoundingClientRect().top + el.scrollTop;
      const top = Math.max(0, el.scrollTop - offset);
      // A new window only when the view moved a few rows: a scroll re-renders every few rows, not every pixel.
      setView((v) => (Math.abs(v.top - top) < (OVERSCAN / 3) * rowPx && v.height === el.clientHeight ? v : { top, height: el.clientHeight }));
    };
    update();
    el.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, [windowed, list, rowPx]);

  if (!windowed) return { from: 0, to: count, padTop: 0, padBottom: 0 };
  const from = Math.max(0, Math.floor(view.top / rowPx) - OVERSCAN);
  const to = Math.min(count, Math.ceil((view.top + view.height) / rowPx) + OVERSCAN);
  return { from, to, padTop: from * rowPx, padBottom: (count - to) * rowPx };
}
