import { randomUUID } from 'node:crypto';
import type { EventBus } from '../eventBus';

export interface JobContext {
  readonly signal: AbortSignal;
  /** Reports progress; events go out at most every 200 ms, and a final one on every phase change. */
  progress(phase: string, done: number, total: number): void;
}

export interface JobOutcome {
  readonly message: string;
  readonly cloudId?: string;
}

interface RunningJob {
  readonly controller: AbortController;
}

const PROGRESS_INTERVAL_MS = 200;

/** Long jobs with progress events and cancellation, reported to every client through the bus. */
export class JobRunner {
  private readonly running = new Map<string, RunningJob>();

  constructor(private readonly events: EventBus) {}

  start(label: string, run: (ctx: JobContext) => Promise<JobOutcome>): string {
    const jobId = randomUUID();
    const controller = new AbortController();
    this.running.set(jobId, { controller });
    let lastSent = 0;
    let lastPhase = '';
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (phase, done, total) => {
        const now = Date.now();
        if (phase === lastPhase && now - lastSent < PROGRESS_INTERVAL_MS) return;
        lastSent = now;
        lastPhase = phase;
        this.events.emit('job.progress', { jobId, label, phase, done: Math.max(0, done), total: Math.max(0, total) });
      },
    };
    // Reported after start() returns, so the caller can hand out the job id first.
    void Promise.resolve()
      .then(() => run(ctx))
      .then(
        (outcome) => this.events.emit('job.finished', { jobId, status: 'done', message: outcome.message, cloudId: outcome.cloudId }),
        (e: unknown) => {
          const cancelled = controller.signal.aborted;
          const message = cancelled ? `${label}: cancelled` : `${label}: ${(e as Error)?.message ?? String(e)}`;
          this.events.emit('job.finished', { jobId, status: cancelled ? 'cancelled' : 'failed', message });
        },
      )
      .finally(() => this.running.delete(jobId));
    return jobId;
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  get activeCount(): number {
    return this.running.size;
  }
}
