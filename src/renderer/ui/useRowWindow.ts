import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Lists this long or shorter are drawn whole: every row in the DOM, as tests and find-in-page expect. */
export const WHOLE_LIST_ROWS = 150;
/** Rows drawn beyond the visible ones on each side, so a scroll shows rows already there. */
const OVERSCAN = 6;
const FALLBACK_ROW_PX = 24;

export interface RowWindow {
  readonly from: number;
  readonly to: number;
  /** Height of the rows left out above and below, to keep the scroll range of the whole list. */
  readonly padTop: number;
  readonly padBottom: number;
}

/**
 * Every ancestor that may scroll vertically. Not only the nearest: a panel styled to scroll can
 * sit in a dock tab that grows it to its content and scrolls in its place, and the rows in view
 * are those inside all of them.
 */
function scrollingAncestors(el: HTMLElement): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (let p = el.parentElement; p; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if (overflowY === 'auto' || overflowY === 'scroll') out.push(p);
  }
  return out;
}

/**
 * The rows of a long list that are in or near view of its scrolling container, for lists of equal
 * rows: a frame of 1,000 boxes then mounts some 40 rows when stepped onto, not 1,000. `list` is
 * the list element; its first row gives the row height, its scrolling ancestors the view.
 */
export function useRowWindow(count: number, list: RefObject<HTMLElement | null>): RowWindow {
  const [rowPx, setRowPx] = useState(FALLBACK_ROW_PX);
  const measured = useRef(false);
  const [view, setView] = useState({ top: 0, height: 800 });
  const windowed = count > WHOLE_LIST_ROWS;

  const measure = () => {
    const h = list.current?.querySelector('li:not([aria-hidden])')?.getBoundingClientRect().height;
    if (!h) return;
    measured.current = true;
    setRowPx(h);
  };
  // Measured once, when the list turns long: a measure on every render would force a layout on
  // every selection. A list in a hidden tab has no height yet; it is measured when the observer
  // below reports the tab shown, not again on each render (a forced layout every step and select).
  const tried = useRef(false);
  useLayoutEffect(() => {
    if (!windowed || measured.current || tried.current) return;
    tried.current = true;
    measure();
  });
  const measureRef = useRef(measure);
  measureRef.current = measure;

  // Kept in a ref so the listeners below, attached once, see the measured height.
  const rowPxRef = useRef(rowPx);
  rowPxRef.current = rowPx;

  // Attached once for the list's life, not when the list turns long: measuring the view then (a
  // step onto a frame of 1,000 boxes) forced a style and layout pass over the rows just mounted.
  // The view is followed by scrolls and resizes, which are all that move it.
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const clips = scrollingAncestors(el);
    const update = () => {
      if (!measured.current) measureRef.current();
      // The part of the page every scrolling ancestor shows, and where the list starts against it.
      let top = 0;
      let bottom = window.innerHeight;
      for (const clip of clips) {
        const r = clip.getBoundingClientRect();
        top = Math.max(top, r.top + clip.clientTop);
        bottom = Math.min(bottom, r.top + clip.clientTop + clip.clientHeight);
      }
      const viewTop = Math.max(0, top - el.getBoundingClientRect().top);
      const height = Math.max(0, bottom - top);
      // A new window only when the view moved a few rows: a scroll re-renders every few rows, not every pixel.
      setView((v) => (Math.abs(v.top - viewTop) < (OVERSCAN / 3) * rowPxRef.current && v.height === height ? v : { top: viewTop, height }));
    };
    for (const clip of clips) clip.addEventListener('scroll', update, { passive: true });
    // Its first report, after the first layout, gives the view without forcing a layout.
    const observer = new ResizeObserver(update);
    for (const clip of clips) observer.observe(clip);
    observer.observe(document.documentElement);
    return () => {
      for (const clip of clips) clip.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, [list]);

  if (!windowed) return { from: 0, to: count, padTop: 0, padBottom: 0 };
  const from = Math.max(0, Math.floor(view.top / rowPx) - OVERSCAN);
  const to = Math.min(count, Math.ceil((view.top + view.height) / rowPx) + OVERSCAN);
  return { from, to, padTop: from * rowPx, padBottom: (count - to) * rowPx };
}
