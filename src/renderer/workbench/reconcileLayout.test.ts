import { TabNode, TabSetNode, type Model } from 'flexlayout-react';
import { describe, expect, it } from 'vitest';
import { defaultLayout } from './defaultLayout';
import type { PanelDefinition } from './panel';
import { restoreLayout } from './reconcileLayout';

const Nothing = () => null;
const panel = (id: string, placement: PanelDefinition['placement']): PanelDefinition => ({ id, title: id, component: Nothing, placement });
const PANELS = [panel('objects', 'left'), panel('view3d', 'main'), panel('cameras', 'mainBottom'), panel('inspector', 'right'), panel('graph', 'rightBottom'), panel('timeline', 'bottom')];

/** Tabset → the panel ids it holds, in tab order. */
function tabsets(model: Model): string[][] {
  const out: string[][] = [];
  model.visitNodes((n) => {
    if (n instanceof TabSetNode) out.push(n.getChildren().map((c) => (c as TabNode).getComponent() ?? ''));
  });
  return out;
}

describe('the docking layout', () => {
  it('starts with every registered panel once, each in a tabset of its own placement', () => {
    const { model, problem } = restoreLayout(null, PANELS);
    expect(problem).toBeNull();
    expect(tabsets(model).sort()).toEqual([['cameras'], ['graph'], ['inspector'], ['objects'], ['timeline'], ['view3d']]);
  });

  it('puts panels that share a placement in one tabset, as tabs', () => {
    const json = defaultLayout([...PANELS, panel('boxViews', 'mainBottom')]);
    const { model } = restoreLayout(json, [...PANELS, panel('boxViews', 'mainBottom')]);
    expect(tabsets(model)).toContainEqual(['cameras', 'boxViews']);
  });

  it('restores a saved arrangement: a panel moved into another tabset stays there', () => {
    const saved = defaultLayout(PANELS) as { layout: unknown };
    const moved = JSON.parse(JSON.stringify(saved).replace('{"type":"tab","id":"graph","name":"graph","component":"graph"}', '').replace(',]', ']')) as typeof saved;
    const withGraphBesideObjects = JSON.parse(
      JSON.stringify(moved).replace('{"type":"tab","id":"objects","name":"objects","component":"objects"}', '{"type":"tab","id":"objects","name":"objects","component":"objects"},{"type":"tab","id":"graph","name":"graph","component":"graph"}'),
    ) as typeof saved;
    const { model, problem } = restoreLayout(withGraphBesideObjects, PANELS);
    expect(problem).toBeNull();
    expect(tabsets(model)).toContainEqual(['objects', 'graph']);
    expect(tabsets(model).flat().filter((id) => id === 'graph')).toHaveLength(1);
  });

  it('adds a panel new in this build beside the panels of its placement, and drops one that is gone', () => {
    const saved = defaultLayout([...PANELS, panel('retired', 'left')]);
    const next = [...PANELS, panel('boxViews', 'mainBottom')];
    const { model, problem } = restoreLayout(saved, next);
    expect(problem).toBeNull();
    const all = tabsets(model).flat();
    expect(all).not.toContain('retired');
    expect(tabsets(model)).toContainEqual(['cameras', 'boxViews']);
    expect(all.sort()).toEqual(next.map((p) => p.id).sort());
  });

  it('falls back to the default layout, saying why, when the saved one cannot be read', () => {
    for (const saved of ['a string', 42, { layout: null }, { nolayout: true }]) {
      const { model, problem } = restoreLayout(saved, PANELS);
      expect(problem, JSON.stringify(saved)).toMatch(/saved layout could not be read/);
      expect(tabsets(model).flat().sort()).toEqual(PANELS.map((p) => p.id).sort());
    }
  });

  it('mounts only the panels kept live before their tab shows, whatever the saved layout says', () => {
    const live: PanelDefinition = { ...panel('view3d', 'main'), keepLiveWhenHidden: true };
    const next = [...PANELS.filter((p) => p.id !== 'view3d'), live, panel('history', 'right')];
    const onDemand = (model: Model) => {
      const out: Record<string, boolean> = {};
      model.visitNodes((n) => {
        if (n instanceof TabNode) out[n.getComponent() ?? ''] = n.isEnableRenderOnDemand();
      });
      return out;
    };
    const expected = { objects: true, view3d: false, cameras: true, inspector: true, history: true, graph: true, timeline: true };
    expect(onDemand(restoreLayout(null, next).model)).toEqual(expected);
    // Saved by a build where the 3D view was not kept live and the inspector was, and before History existed.
    const saved = JSON.parse(JSON.stringify(defaultLayout(PANELS)).replace('"component":"inspector"', '"component":"inspector","enableRenderOnDemand":false')) as unknown;
    expect(onDemand(restoreLayout(saved, next).model)).toEqual(expected);
  });
});
