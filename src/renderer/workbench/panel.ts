import type { ComponentType } from 'react';

/**
 * Where a panel docks in the default layout. The user may move it anywhere after; the saved
 * layout remembers where.
 */
export type PanelPlacement = 'left' | 'main' | 'mainSide' | 'mainBottom' | 'right' | 'rightBottom' | 'bottom';

/** One dockable panel: an id the saved layout names it by, its tab title, its component. */
export interface PanelDefinition {
  readonly id: string;
  readonly title: string;
  readonly component: ComponentType;
  readonly placement: PanelPlacement;
  /** Data-testid of the tab's content wrapper, for e2e flows; defaults to `panel-<id>`. */
  readonly testId?: string;
}
