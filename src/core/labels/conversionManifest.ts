/**
 * What a conversion could not carry, field by field: a format that cannot hold something says so
 * here (count and examples), so nothing is dropped silently. Written as manifest.json beside
 * every export.
 */
export interface LostField {
  /** The canonical field (or the source's construct, on import) that did not survive. */
  readonly field: string;
  /** How many records (or elements) lost it. */
  readonly count: number;
  /** Why the target cannot hold it, and what was written instead. */
  readonly why: string;
  /** A few of the ids or values concerned, to find them again. */
  readonly examples: readonly string[];
}

export interface ConversionManifest {
  readonly format: 'cairn-labels-manifest';
  readonly version: 1;
  readonly from: string;
  readonly to: string;
  /** Records (or source elements) read, and records (or target elements) written. */
  readonly read: number;
  readonly written: number;
  readonly lost: readonly LostField[];
  /** Conventions the output follows that a reader needs (frames, units, rounding). */
  readonly notes: readonly string[];
}

const MAX_EXAMPLES = 5;

export class ManifestBuilder {
  private readonly lostByKey = new Map<string, { field: string; why: string; count: number; examples: string[] }>();
  private readonly notesSeen: string[] = [];
  read = 0;
  written = 0;

  constructor(
    private readonly from: string,
    private readonly to: string,
  ) {}

  /** One more record lost `field` for the reason given; `example` names it. */
  lose(field: string, why: string, example: string, count = 1): void {
    if (count <= 0) return;
    const key = `${field}\u0000${why}`;
    let entry = this.lostByKey.get(key);
    if (!entry) this.lostByKey.set(key, (entry = { field, why, count: 0, examples: [] }));
    entry.count += count;
    if (entry.examples.length < MAX_EXAMPLES && !entry.examples.includes(example)) entry.examples.push(example);
  }

  note(text: string): void {
    if (!this.notesSeen.includes(text)) this.notesSeen.push(text);
  }

  finish(): ConversionManifest {
    const lost = [...this.lostByKey.values()].sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
    return { format: 'cairn-labels-manifest', version: 1, from: this.from, to: this.to, read: this.read, written: this.written, lost, notes: [...this.notesSeen] };
  }
}

/** Whether a manifest reports `field` lost (for tests and summaries). */
export function lostCount(manifest: ConversionManifest, field: string): number {
  return manifest.lost.filter((l) => l.field === field).reduce((n, l) => n + l.count, 0);
}

/** One manifest for a conversion made of steps (read the source, write the target): what any step lost is lost. */
export function combineManifests(from: string, to: string, parts: readonly ConversionManifest[], read: number, written: number): ConversionManifest {
  const merged = new Map<string, { field: string; why: string; count: number; examples: string[] }>();
  for (const part of parts) {
    for (const l of part.lost) {
      const key = `${l.field}\u0000${l.why}`;
      const entry = merged.get(key);
      if (!entry) merged.set(key, { field: l.field, why: l.why, count: l.count, examples: [...l.examples] });
      else {
        entry.count += l.count;
        for (const e of l.examples) if (entry.examples.length < MAX_EXAMPLES && !entry.examples.includes(e)) entry.examples.push(e);
      }
    }
  }
  const lost = [...merged.values()].sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  const notes = [...new Set(parts.flatMap((p) => p.notes))];
  return { format: 'cairn-labels-manifest', version: 1, from, to, read, written, lost, notes };
}
