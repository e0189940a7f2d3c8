import { describe, expect, it } from 'vitest';
import { evaluateWhen, parseWhen, type WhenContext } from './when';

const ctx = (facts: Partial<WhenContext> = {}): WhenContext => ({
  hasScene: false,
  hasSelection: false,
  canEdit: false,
  canOpen: false,
  textFocus: false,
  cloudView: false,
  sceneView: false,
  playing: false,
  ...facts,
});
const holds = (clause: string, facts: Partial<WhenContext>) => evaluateWhen(parseWhen(clause), ctx(facts));

describe('when-clauses', () => {
  it('an empty clause always holds', () => {
    expect(holds('', {})).toBe(true);
    expect(holds('   ', {})).toBe(true);
  });

  it('reads facts, negation, && and ||', () => {
    expect(holds('canEdit', { canEdit: true })).toBe(true);
    expect(holds('canEdit', {})).toBe(false);
    expect(holds('!textFocus', {})).toBe(true);
    expect(holds('!textFocus', { textFocus: true })).toBe(false);
    expect(holds('sceneView && canEdit && !textFocus', { sceneView: true, canEdit: true })).toBe(true);
    expect(holds('sceneView && canEdit && !textFocus', { sceneView: true, canEdit: false })).toBe(false);
    expect(holds('cloudView || sceneView', { cloudView: true })).toBe(true);
    expect(holds('!!hasScene', { hasScene: true })).toBe(true);
  });

  it('binds ! tighter than &&, and && tighter than ||; parentheses group', () => {
    // a || b && c is a || (b && c)
    expect(holds('hasScene || canEdit && hasSelection', { hasScene: true })).toBe(true);
    expect(holds('(hasScene || canEdit) && hasSelection', { hasScene: true })).toBe(false);
    expect(holds('!(hasScene && canEdit)', { hasScene: true })).toBe(true);
    expect(holds('!hasScene && canEdit', { hasScene: true, canEdit: true })).toBe(false);
  });

  it('refuses an unknown fact or bad syntax, naming the clause', () => {
    expect(() => parseWhen('canEdti')).toThrow(/"canEdti".*unknown fact "canEdti"/);
    expect(() => parseWhen('canEdit &&')).toThrow(/ends too early/);
    expect(() => parseWhen('(canEdit')).toThrow(/missing "\)"/);
    expect(() => parseWhen('canEdit hasScene')).toThrow(/unexpected "hasScene"/);
    expect(() => parseWhen('canEdit & hasScene')).toThrow(/unexpected "& hasScene"/);
    expect(() => parseWhen('canEdit == true')).toThrow(/unexpected/);
  });
});
