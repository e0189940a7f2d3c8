import { describe, expect, it } from 'vitest';
import { AUTOFILL, traceSelfTime, type TraceEvent } from './traceBreakdown';

const main = { pid: 1, tid: 2 };
const meta: TraceEvent = { ...main, name: 'thread_name', ph: 'M', ts: 0, args: { name: 'CrRendererMain' } };
const mark = (name: string, ts: number): TraceEvent => ({ ...main, name, ph: 'R', ts });
const task = (name: string, ts: number, dur: number, srcFile?: string): TraceEvent => ({ ...main, name, ph: 'X', ts, dur, tdur: dur, args: srcFile ? { src_file: srcFile } : {} });

describe('traceSelfTime', () => {
  it('splits nested events into self time, within the marks only, per interaction', () => {
    const events = [
      meta,
      task('RunTask', 0, 5_000), // before the first mark: not counted
      mark('bench:start', 10_000),
      task('RunTask', 10_000, 4_000),
      task('FunctionCall', 10_500, 3_000),
      task('Layout', 11_000, 1_000),
      mark('bench:end', 20_000),
      mark('bench:start', 30_000),
      task('RunTask', 30_000, 2_000),
      task('FunctionCall', 30_000, 2_000),
      mark('bench:end', 40_000),
    ];
    const top = traceSelfTime(events, 10, 2);
    expect(Object.fromEntries(top.map((e) => [e.name, e.ms]))).toEqual({ FunctionCall: 2, RunTask: 0.5, Layout: 0.5 });
  });

  it("names the whole of the autofill agent's tasks, nested work included, apart from the rest", () => {
    const events = [
      meta,
      mark('bench:start', 0),
      task('ThreadControllerImpl::RunTask', 100, 3_000, 'components/autofill/content/renderer/form_tracker.cc'),
      task('Document::UpdateStyleAndLayout', 200, 1_000),
      task('ThreadControllerImpl::RunTask', 5_000, 2_000, 'third_party/blink/renderer/platform/widget/input/main_thread_event_queue.cc'),
      task('FunctionCall', 5_100, 1_500),
      mark('bench:end', 10_000),
    ];
    const top = traceSelfTime(events, 10, 1);
    expect(top[0]).toEqual({ name: AUTOFILL, ms: 3 });
    expect(top.find((e) => e.name === 'FunctionCall')?.ms).toBe(1.5);
    expect(traceSelfTime(events.filter((e) => !e.args?.src_file?.includes('autofill')), 10, 1).some((e) => e.name === AUTOFILL)).toBe(false);
  });
});
