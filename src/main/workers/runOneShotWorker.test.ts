import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOneShotWorker } from './runOneShotWorker';

const probe = path.resolve(__dirname, 'testing/oneShotProbe.cjs');
type Answer = { readonly type: 'result'; readonly value: number };
type Progress = { readonly done: number; readonly total: number };

describe('runOneShotWorker', () => {
  it('resolves with the answer after passing on every progress message', async () => {
    const seen: number[] = [];
    const answer = await runOneShotWorker<Answer, Progress>(probe, { behaviour: 'answer', steps: 3 }, { name: 'probe', onProgress: (p) => seen.push(p.done) });
    expect(answer).toEqual({ type: 'result', value: 6 });
    expect(seen).toEqual([1, 2, 3]);
  });

  it("rejects with the worker's own message when it posts an error", async () => {
    await expect(runOneShotWorker<Answer>(probe, { behaviour: 'fail', steps: 0 }, { name: 'probe' })).rejects.toThrow('the probe was told to fail');
  });

  it('rejects naming the worker when it exits without answering', async () => {
    await expect(runOneShotWorker<Answer>(probe, { behaviour: 'exit', steps: 0 }, { name: 'probe' })).rejects.toThrow('the probe worker stopped (exit 3) before it answered');
  });

  it('rejects with the thrown error when the worker crashes', async () => {
    await expect(runOneShotWorker<Answer>(probe, { behaviour: 'throw', steps: 0 }, { name: 'probe' })).rejects.toThrow('the probe threw');
  });

  it('rejects with "cancelled" and ends the thread when aborted, before or during the run', async () => {
    const before = new AbortController();
    before.abort();
    await expect(runOneShotWorker<Answer>(probe, { behaviour: 'answer', steps: 0 }, { name: 'probe', signal: before.signal })).rejects.toThrow('cancelled');
    const during = new AbortController();
    const running = runOneShotWorker<Answer, Progress>(probe, { behaviour: 'wait', steps: 1 }, { name: 'probe', signal: during.signal, onProgress: () => during.abort() });
    await expect(running).rejects.toThrow('cancelled');
  });
});
