import { describe, expect, it } from 'vitest';
import type { Role } from '../../../core/revisions/schema';
import { accessOf, editRefusal, permissionsFor } from './permissions';

describe('permissionsFor', () => {
  it('a desktop host off any store edits and changes its workspace, but reviews nothing', () => {
    expect(accessOf(permissionsFor('desktop'))).toEqual({ mode: 'desktop', role: null, canOpen: true, canEdit: true, canReview: false });
  });

  it('takes the role the store gave the workspace key, read anew on each check', () => {
    let role: Role | null = 'annotator';
    const p = permissionsFor('desktop', () => role);
    expect([p.canEditAnnotations, p.canReview]).toEqual([true, false]);
    role = 'reviewer';
    expect([p.canEditAnnotations, p.canReview, p.canChangeWorkspace]).toEqual([false, true, true]);
    expect(editRefusal(p, 'editing annotations')).toMatch(/registered it as a reviewer/);
    role = 'admin';
    expect([p.canEditAnnotations, p.canReview]).toEqual([true, true]);
  });

  it('a reviewer-mode host never edits or opens, and reviews only with a reviewer or admin key', () => {
    let role: Role | null = null;
    const p = permissionsFor('reviewer', () => role);
    expect(accessOf(p)).toEqual({ mode: 'reviewer', role: null, canOpen: false, canEdit: false, canReview: false });
    role = 'admin';
    expect(accessOf(p)).toEqual({ mode: 'reviewer', role: 'admin', canOpen: false, canEdit: false, canReview: true });
    expect(p.canChangeWorkspace).toBe(false);
    expect(editRefusal(p, 'editing annotations')).toMatch(/reviewer mode: read-only/);
  });
});
