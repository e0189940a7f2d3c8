import type { Finding } from './findings';
import { resolveAncestry, type Ancestry } from './verify';

/** A revision's own verdict and, when it passed, its parents: all the ancestry check needs of it. */
export interface OwnVerdict {
  readonly finding: Finding;
  readonly parents: readonly string[] | null;
}

const UNSEEN = 0;
const WAITING = 1;
const SOUND = 2;

/**
 * The ancestry check of settleRevisions, fed one revision at a time while the other revisions are
 * still being checked (worker threads end their batches in any order), so that little of it is
 * left once the last check ends: a revision that passed its own checks and whose parents are all
 * sound is sound at once, and wakes the revisions that wait on it. Whatever is still waiting at the
 * end (a parent missing, excluded, or in a cycle) goes through resolveAncestry, which is given the
 * sound ones: `settle` returns exactly what settleRevisions returns for the same verdicts.
 *
 * Addresses map to small integers so the wake-ups at the end (a history checked in address order
 * is mostly settled by its last few arrivals) walk arrays, not string-keyed maps.
 */
export class AncestryTracker {
  private readonly slotOf = new Map<string, number>();
  private readonly addresses: string[] = [];
  private readonly state: number[] = [];
  /** Whether a file of the store holds this address (a parent can be named and never stored). */
  private readonly stored: boolean[] = [];
  private readonly open: number[] = [];
  private readonly waiters: (number[] | undefined)[] = [];
  /** Sound so far; a set, compared as one (nothing reads its order). */
  private readonly usable = new Set<string>();

  /** One revision's own verdict, in any order; each stored file once. */
  add(verdict: OwnVerdict): void {
    const address = verdict.finding.address;
    if (!address) return;
    const i = this.slot(address);
    this.stored[i] = true;
    if (verdict.finding.status !== 'ok' || !verdict.parents) return;
    // The same body stored twice has the same parents: the first one counts.
    if (this.state[i] !== UNSEEN) return;
    this.state[i] = WAITING;
    let open = 0;
    for (const parent of verdict.parents) {
      const j = this.slot(parent);
      if (this.state[j] === SOUND) continue;
      open++;
      (this.waiters[j] ??= []).push(i);
    }
    this.open[i] = open;
    if (open === 0) this.markSound(i);
  }

  /**
   * The findings (a revision with an unsound ancestor becomes bad-parent), the usable addresses
   * and the verdict of any address, given every verdict in store order (all of them added before).
   */
  settle(verdicts: readonly OwnVerdict[]) {
    const { slotOf, state, stored, usable } = this;
    const isSound = (address: string) => state[slotOf.get(address) ?? -1] === SOUND;
    // What is left waiting, in store order as settleRevisions walks it, its sound parents seeded.
    const parentsOf = new Map<string, readonly string[]>();
    const seeds = new Map<string, Ancestry>();
    const waiting: number[] = [];
    const findings = verdicts.map((v, k): Finding => {
      const address = v.finding.address;
      if (v.finding.status !== 'ok' || !address || !v.parents || isSound(address)) return v.finding;
      waiting.push(k);
      parentsOf.set(address, v.parents);
      for (const p of v.parents) if (isSound(p)) seeds.set(p, null);
      return v.finding;
    });
    if (waiting.length) {
      const rest = resolveAncestry(parentsOf, { has: (address) => stored[slotOf.get(address) ?? -1] === true }, seeds);
      for (const k of waiting) {
        const finding = verdicts[k].finding;
        const why = rest.get(finding.address!);
        if (why === null) usable.add(finding.address!);
        else findings[k] = { ...finding, status: 'bad-parent', message: why ?? 'excluded' };
      }
    }
    const verdictOf = (address: string): 'missing' | 'excluded' | null => (usable.has(address) ? null : stored[slotOf.get(address) ?? -1] ? 'excluded' : 'missing');
    return { findings, usable: usable as ReadonlySet<string>, verdictOf };
  }

  private slot(address: string): number {
    let i = this.slotOf.get(address);
    if (i === undefined) {
      i = this.addresses.length;
      this.slotOf.set(address, i);
      this.addresses.push(address);
      this.state.push(UNSEEN);
      this.stored.push(false);
      this.open.push(0);
      this.waiters.push(undefined);
    }
    return i;
  }

  private markSound(first: number): void {
    const queue = [first];
    while (queue.length) {
      const i = queue.pop()!;
      this.state[i] = SOUND;
      this.usable.add(this.addresses[i]);
      const waiting = this.waiters[i];
      this.waiters[i] = undefined;
      if (waiting) for (const k of waiting) if (--this.open[k] === 0) queue.push(k);
    }
  }
}
