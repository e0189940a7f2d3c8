import type { IJsonModel, IJsonRowNode, IJsonTabNode, IJsonTabSetNode } from 'flexlayout-react';
import type { PanelDefinition, PanelPlacement } from './panel';

/** Behaviour every layout shares: panels are never closed (they are the app), tabsets maximise. */
export const LAYOUT_GLOBAL: IJsonModel['global'] = {
  tabEnableClose: false,
  tabEnableRename: false,
  tabEnablePopout: false,
  tabEnableFloat: false,
  tabSetEnableMaximize: true,
  tabSetEnableClose: false,
  tabSetMinWidth: 120,
  tabSetMinHeight: 60,
  // A tab mounts when first shown; once mounted it stays (DockLayout parks it while hidden). A panel
  // that must run from the start (the 3D view) says so per tab: see tabJson.
  tabEnableRenderOnDemand: true,
};

const tabset = (id: PanelPlacement, weight: number, panels: readonly PanelDefinition[]): IJsonTabSetNode | null =>
  panels.length === 0
    ? null
    : {
        type: 'tabset',
        id: `tabset-${id}`,
        weight,
        children: panels.map(tabJson),
      };

/** A panel's tab; a panel kept live is mounted with the layout, shown or not (PanelDefinition.keepLiveWhenHidden). */
export const tabJson = (p: PanelDefinition): IJsonTabNode => ({ type: 'tab', id: p.id, name: p.title, component: p.id, ...(p.keepLiveWhenHidden ? { enableRenderOnDemand: false } : {}) });

const row = (weight: number, children: ReadonlyArray<IJsonRowNode | IJsonTabSetNode | null>): IJsonRowNode | null => {
  const kept = children.filter((c): c is IJsonRowNode | IJsonTabSetNode => c !== null);
  return kept.length === 0 ? null : { type: 'row', weight, children: kept };
};

/**
 * The layout a workspace starts with, made from where each panel asks to go: a list on the left,
 * the 3D view in the middle with cameras under it, the inspector and graph on the right, the
 * timeline across the bottom. Rows alternate direction as they nest (horizontal, vertical, …).
 */
export function defaultLayout(panels: readonly PanelDefinition[]): IJsonModel {
  const at = (placement: PanelPlacement) => panels.filter((p) => p.placement === placement);
  const centre = row(60, [row(74, [tabset('main', 70, at('main')), tabset('mainSide', 30, at('mainSide'))]), tabset('mainBottom', 26, at('mainBottom'))]);
  const right = row(22, [tabset('right', 70, at('right')), tabset('rightBottom', 30, at('rightBottom'))]);
  const body = row(80, [tabset('left', 18, at('left')), centre, right]);
  const column = row(100, [body, tabset('bottom', 13, at('bottom'))]);
  return { global: LAYOUT_GLOBAL, borders: [], layout: { type: 'row', weight: 100, children: column ? [column] : [] } };
}
