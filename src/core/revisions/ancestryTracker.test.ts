import { describe, expect, it } from 'vitest';
import { AncestryTracker, type OwnVerdict } from './ancestryTracker';
import type { FindingStatus } from './findings';
import { settleRevisions } from './verify';

const id = (i: number) => i.toString(16).padStart(64, '0');

/** A small deterministic generator, so a failing case can be replayed from its seed. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function verdict(address: string, status: FindingStatus, parents: readonly string[] | null): OwnVerdict {
  return { finding: { path: `annotations/w/revisions/${address}.json`, kind: 'revision', address, status, message: status }, parents: status === 'ok' ? parents : null };
}

/**
 * A random store: chains and merges, some revisions failing their own checks, some parents never
 * stored, the odd duplicate parent, a revision naming itself, and cycles (only forged addresses
 * can make one, but the check must not loop on them).
 */
function randomStore(seed: number): OwnVerdict[] {
  const next = rng(seed);
  const n = 1 + Math.floor(next() * 200);
  const out: OwnVerdict[] = [];
  for (let i = 0; i < n; i++) {
    const parents: string[] = [];
    const count = next() < 0.1 ? 0 : 1 + Math.floor(next() * 3);
    for (let k = 0; k < count; k++) {
      const r = next();
      if (r < 0.05) parents.push(id(10_000 + Math.floor(next() * 5))); // never stored
      else if (r < 0.1) parents.push(id(Math.floor(next() * n))); // any, later ones too: cycles
      else if (r < 0.12) parents.push(id(i)); // itself
      else if (i > 0) parents.push(id(Math.floor(next() * i)));
    }
    if (next() < 0.05 && parents.length) parents.push(parents[0]);
    const r = next();
    const status: FindingStatus = r < 0.06 ? 'bad-signature' : r < 0.09 ? 'hash-mismatch' : 'ok';
    out.push(verdict(id(i), status, parents));
  }
  // Store order is address order, not the order they were made in.
  return out.sort((a, b) => (a.finding.path < b.finding.path ? -1 : 1));
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('AncestryTracker', () => {
  it('settles exactly as settleRevisions does, whatever order the verdicts come in (500 random stores)', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const store = randomStore(seed);
      const expected = settleRevisions(store);
      const tracker = new AncestryTracker();
      for (const v of shuffled(store, rng(seed * 7919))) tracker.add(v);
      const got = tracker.settle(store);
      expect(got.findings, `seed ${seed}`).toEqual(expected.findings);
      expect([...got.usable].sort(), `seed ${seed}`).toEqual([...expected.usable].sort());
      for (const address of [id(0), id(3), id(10_001), id(99_999)]) expect(got.verdictOf(address), `seed ${seed}`).toBe(expected.verdictOf(address));
    }
  });

  it('settles a 30,000-long chain that arrives newest first, and excludes what sits on a bad link', () => {
    const chain = Array.from({ length: 30_000 }, (_, i) => verdict(id(i), i === 15_000 ? 'bad-signature' : 'ok', i === 0 ? [] : [id(i - 1)]));
    const tracker = new AncestryTracker();
    for (let i = chain.length - 1; i >= 0; i--) tracker.add(chain[i]);
    const got = tracker.settle(chain);
    expect(got.usable.size).toBe(15_000);
    expect(got.findings[14_999].status).toBe('ok');
    expect(got.findings[15_001]).toMatchObject({ status: 'bad-parent', message: `parent ${id(15_000)} is excluded` });
    expect(got.findings[29_999]).toMatchObject({ status: 'bad-parent', message: `parent ${id(29_998)} is excluded` });
  });
});
