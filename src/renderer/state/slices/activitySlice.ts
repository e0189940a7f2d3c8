import type { Slice } from './types';

export interface JobState {
  readonly label: string;
  readonly phase: string;
  readonly done: number;
  readonly total: number;
}

export interface SaveState {
  readonly pending: number;
  readonly saved: number;
  readonly error: string | null;
}

/** What the app is doing and has to say: long jobs, writes to the host, the notice line. */
export interface ActivitySlice {
  jobs: Readonly<Record<string, JobState>>;
  save: SaveState;
  notice: string | null;
  say(notice: string | null): void;
  /** Clears the notice line only while it still shows `notice` (the line is shared). */
  unsay(notice: string): void;
  jobProgressed(jobId: string, job: JobState): void;
  jobFinished(jobId: string, notice: string | null): void;
  writeQueued(): void;
  writeSaved(): void;
  writeFailed(message: string): void;
}

export const activitySlice: Slice<ActivitySlice> = (set, get) => ({
  jobs: {},
  save: { pending: 0, saved: 0, error: null },
  notice: null,
  say: (notice) => set({ notice }),
  unsay: (notice) => {
    if (get().notice === notice) set({ notice: null });
  },
  jobProgressed: (jobId, job) => set((s) => ({ jobs: { ...s.jobs, [jobId]: job } })),
  jobFinished: (jobId, notice) =>
    set((s) => {
      const jobs = { ...s.jobs };
      delete jobs[jobId];
      return { jobs, notice };
    }),
  writeQueued: () => set((s) => ({ save: { ...s.save, pending: s.save.pending + 1 } })),
  writeSaved: () => set((s) => ({ save: { pending: s.save.pending - 1, saved: s.save.saved + 1, error: null } })),
  writeFailed: (error) => set((s) => ({ save: { ...s.save, pending: s.save.pending - 1, error } })),
});
