import { describe, expect, it } from 'vitest';
import { fuzzyMatch } from './fuzzy';

const rank = (query: string, texts: string[]) =>
  texts
    .map((t) => ({ t, m: fuzzyMatch(query, t) }))
    .filter((x) => x.m)
    .sort((a, b) => b.m!.score - a.m!.score)
    .map((x) => x.t);

describe('fuzzyMatch', () => {
  it('matches the characters in order, ignoring case and spaces in the query', () => {
    expect(fuzzyMatch('drbx', 'Tool: Draw box')?.positions).toEqual([6, 7, 11, 13]);
    expect(fuzzyMatch('DRAW BOX', 'Tool: Draw box')).not.toBeNull();
    expect(fuzzyMatch('xbox', 'Tool: Draw box')).toBeNull();
    expect(fuzzyMatch('', 'anything')).toEqual({ score: 0, positions: [] });
  });

  it('prefers word starts and runs to scattered letters', () => {
    expect(rank('nf', ['Timeline: Next frame', 'Tool: Fit to point', 'Edit: Undo'])).toEqual(['Timeline: Next frame']);
    expect(rank('pre', ['Timeline: Previous frame', 'Camera: Perspective view'])[0]).toBe('Timeline: Previous frame');
    expect(rank('top', ['Tool: Fit to point', 'Camera: Top view'])[0]).toBe('Camera: Top view');
    expect(rank('redo', ['Edit: Redo', 'Tool: Draw box... redo'])[0]).toBe('Edit: Redo');
  });

  it('takes a run that continues the previous match', () => {
    expect(fuzzyMatch('und', 'Edit: Undo')?.positions).toEqual([6, 7, 8]);
  });
});
