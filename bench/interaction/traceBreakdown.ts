/** The parts of a Chromium trace event (Tracing, JSON format) this bench reads. */
export interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

export interface TraceEntry {
  /** Self time per interaction, ms (thread time where the trace has it, else wall time). */
  readonly ms: number;
  readonly name: string;
}

/** The trace categories whose events name the renderer's work: script, style, layout, paint, GC. */
export const TRACE_CATEGORIES = ['blink.user_timing', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'cc', 'gpu'];

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
  for (const list of byThread.values()) {
    // Outer events first where two start together, so nesting is read from the order.
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const stack: Array<{ end: number; name: string }> = [];
    for (const e of list) {
      const took = e.tdur ?? e.dur ?? 0;
      while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - took);
      self.set(e.name, (self.get(e.name) ?? 0) + took);
      stack.push({ end: e.ts + (e.dur ?? 0), name: e.name });
    }
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: us / 1000 / Math.max(1, interactions) }));
}
