/** The parts of a Chromium trace event (Tracing, JSON format) this bench reads. */
export interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string; readonly src_file?: string };
}

export interface TraceEntry {
  /** Self time per interaction, ms (thread time where the trace has it, else wall time). */
  readonly ms: number;
  readonly name: string;
}

/**
 * The trace categories whose events name the renderer's work: script, style, layout, paint, GC,
 * and (toplevel, sequence_manager) the source each task was posted from, which is how the work
 * of Chrome's autofill agent is told apart.
 */
export const TRACE_CATEGORIES = ['blink.user_timing', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'toplevel', 'sequence_manager', 'blink', 'cc', 'gpu', 'renderer.scheduler', 'disabled-by-default-v8.gc', 'loading'];

/**
 * Tasks Chrome's autofill agent posts on the page's main thread (it re-reads the page's form
 * controls when one is added, removed or changed): whole tasks, their nested style and layout
 * included. Electron, the desktop shell, has no autofill agent, so this part of a figure is the
 * browser's, not the app's.
 */
export const AUTOFILL = "Chrome's autofill agent (whole tasks, included above; Electron has none)";

/**
 * Self time by trace event name on the renderer main thread (CrRendererMain), per interaction,
 * largest first: the split of main-thread work into script, style recalc, layout, paint, GC and
 * the rest that a CPU profile leaves as "(program)". A complete event's self time is its duration
 * less that of the events nested in it on the same thread. Only events that start between a
 * `bench:start` and the next `bench:end` mark count (the interactions, not the waits between them).
 */
export function traceSelfTime(events: readonly TraceEvent[], count: number, interactions: number): TraceEntry[] {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const marks = events.filter((e) => e.name === 'bench:start' || e.name === 'bench:end').sort((a, b) => a.ts - b.ts);
  const windows: Array<[number, number]> = [];
  for (let i = 0; i + 1 < marks.length; i++) if (marks[i].name === 'bench:start' && marks[i + 1].name === 'bench:end') windows.push([marks[i].ts, marks[i + 1].ts]);
  const measured = (ts: number) => windows.some(([a, b]) => ts >= a && ts <= b);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || e.dur === undefined || !mains.has(thread) || !measured(e.ts)) continue;
    const list = byThread.get(thread);
    if (list) list.push(e);
    else byThread.set(thread, [e]);
  }
  const self = new Map<string, number>();
  let autofill = 0;
  for (const list of byThread.values()) {
    // Outer events first where two start together, so nesting is read from the order.
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const stack: Array<{ end: number; name: string; autofill: boolean }> = [];
    for (const e of list) {
      const took = e.tdur ?? e.dur ?? 0;
      while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - took);
      if (e.args?.src_file?.startsWith('components/autofill/') && !stack.some((s) => s.autofill)) autofill += took;
      self.set(e.name, (self.get(e.name) ?? 0) + took);
      stack.push({ end: e.ts + (e.dur ?? 0), name: e.name, autofill: e.args?.src_file?.startsWith('components/autofill/') === true });
    }
  }
  const perInteraction = (us: number) => us / 1000 / Math.max(1, interactions);
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: perInteraction(us) }));
  return autofill > 0 ? [{ name: AUTOFILL, ms: perInteraction(autofill) }, ...top] : top;
}
