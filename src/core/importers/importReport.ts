import type { SceneManifestInput } from '../scene/manifest';

export interface ImportProblem {
  /** The file the problem is in, relative to the dataset root. */
  readonly file: string;
  readonly problem: string;
  /** error: something was skipped or degraded; warning: imported, but worth knowing. */
  readonly severity: 'warning' | 'error';
}

/** What the dataset holds that Cairn's scene model cannot, so nothing is dropped silently. */
export interface NotConverted {
  readonly what: string;
  readonly count: number;
  readonly why: string;
}

export interface ImportedSceneSummary {
  readonly name: string;
  readonly frames: number;
  readonly groundTruth: number;
}

export interface ImportReport {
  readonly format: string;
  /** The dataset root as given. */
  readonly source: string;
  readonly scenes: ImportedSceneSummary[];
  readonly frames: number;
  readonly groundTruth: number;
  readonly problems: ImportProblem[];
  /** Problems beyond the first MAX_REPORTED_PROBLEMS, counted rather than listed. */
  readonly problemsOmitted: number;
  readonly notConverted: NotConverted[];
  /** How the dataset's conventions were mapped (what a reader of the manifests should know). */
  readonly notes: string[];
}

export interface ImportedScene {
  /** A name usable as a folder name; unique within the import. */
  readonly name: string;
  readonly manifest: SceneManifestInput;
}

/** What an importer returns: manifests for the scenes it could read, and the report. */
export interface DatasetImport {
  readonly name: string;
  readonly scenes: ImportedScene[];
  readonly report: ImportReport;
}

export const MAX_REPORTED_PROBLEMS = 1000;

/** Collects an import's problems and losses as it goes; `finish` adds the per-scene figures. */
export class ImportReportBuilder {
  private readonly problems: ImportProblem[] = [];
  private omitted = 0;
  private readonly lost = new Map<string, { count: number; why: string }>();
  private readonly notes: string[] = [];

  constructor(
    private readonly format: string,
    private readonly source: string,
  ) {}

  error(file: string, problem: string): void {
    this.add({ file, problem, severity: 'error' });
  }

  warning(file: string, problem: string): void {
    this.add({ file, problem, severity: 'warning' });
  }

  /** Counts `count` more of something not converted; entries with the same `what` add up. */
  notConverted(what: string, count: number, why: string): void {
    if (count <= 0) return;
    const entry = this.lost.get(what);
    if (entry) entry.count += count;
    else this.lost.set(what, { count, why });
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  get problemCount(): number {
    return this.problems.length + this.omitted;
  }

  finish(scenes: readonly ImportedScene[]): ImportReport {
    const summaries = scenes.map((s) => ({
      name: s.name,
      frames: s.manifest.frames?.length ?? 0,
      groundTruth: s.manifest.groundTruth?.length ?? 0,
    }));
    return {
      format: this.format,
      source: this.source,
      scenes: summaries,
      frames: summaries.reduce((n, s) => n + s.frames, 0),
      groundTruth: summaries.reduce((n, s) => n + s.groundTruth, 0),
      problems: [...this.problems],
      problemsOmitted: this.omitted,
      notConverted: [...this.lost].map(([what, { count, why }]) => ({ what, count, why })),
      notes: [...this.notes],
    };
  }

  private add(p: ImportProblem): void {
    if (this.problems.length < MAX_REPORTED_PROBLEMS) this.problems.push(p);
    else this.omitted++;
  }
}
