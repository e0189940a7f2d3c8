import { Actions, DockLocation, Model, TabNode, TabSetNode, type IJsonModel } from 'flexlayout-react';
import { defaultLayout, LAYOUT_GLOBAL, tabJson } from './defaultLayout';
import type { PanelDefinition } from './panel';

export interface RestoredLayout {
  readonly model: Model;
  /** Why the saved layout was not used as saved, for the notice line; null when it was. */
  readonly problem: string | null;
}

/**
 * The model for a saved layout, made to fit the panels this build registers: a panel the saved
 * layout lacks (new in this build) joins the tabset of a panel with the same placement, or the
 * first tabset; a tab for a panel that is gone is dropped. A layout that cannot be read at all
 * gives the default one, with the reason. Whether a tab is mounted before it shows is the panel's
 * (keepLiveWhenHidden) in this build, whatever the saved layout says.
 */
export function restoreLayout(saved: unknown, panels: readonly PanelDefinition[]): RestoredLayout {
  if (saved === null || saved === undefined) return { model: Model.fromJson(defaultLayout(panels)), problem: null };
  let model: Model;
  try {
    const json = saved as IJsonModel;
    if (typeof json !== 'object' || typeof json.layout !== 'object' || json.layout === null) throw new Error('it has no layout');
    model = Model.fromJson({ ...json, global: LAYOUT_GLOBAL });
  } catch (e) {
    return { model: Model.fromJson(defaultLayout(panels)), problem: `The saved layout could not be read (${(e as Error).message}); the default layout applies.` };
  }
  const tabs: TabNode[] = [];
  model.visitNodes((node) => {
    if (node instanceof TabNode) tabs.push(node);
  });
  const byId = new Map(panels.map((p) => [p.id, p]));
  for (const tab of tabs) {
    const panel = byId.get(tab.getComponent() ?? '');
    if (!panel) model.doAction(Actions.deleteTab(tab.getId()));
    else if (tab.isEnableRenderOnDemand() === Boolean(panel.keepLiveWhenHidden)) model.doAction(Actions.updateNodeAttributes(tab.getId(), { enableRenderOnDemand: !panel.keepLiveWhenHidden }));
  }
  const present = new Set<string>();
  model.visitNodes((node) => {
    if (node instanceof TabNode) present.add(node.getComponent() ?? '');
  });
  for (const panel of panels) {
    if (present.has(panel.id)) continue;
    const target = tabsetFor(model, panel, panels);
    if (!target) return { model: Model.fromJson(defaultLayout(panels)), problem: 'The saved layout had no place for the panels; the default layout applies.' };
    model.doAction(Actions.addTab(tabJson(panel), target.getId(), DockLocation.CENTER, -1, false));
  }
  return { model, problem: null };
}

function tabsetFor(model: Model, panel: PanelDefinition, panels: readonly PanelDefinition[]): TabSetNode | null {
  const siblings = new Set(panels.filter((p) => p.placement === panel.placement && p.id !== panel.id).map((p) => p.id));
  let sibling: TabSetNode | null = null;
  let first: TabSetNode | null = null;
  model.visitNodes((node) => {
    if (!(node instanceof TabSetNode)) return;
    first ??= node;
    if (!sibling && node.getChildren().some((c) => c instanceof TabNode && siblings.has(c.getComponent() ?? ''))) sibling = node;
  });
  return sibling ?? first;
}
