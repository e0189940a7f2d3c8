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
  /**
   * Mounted from the start and kept running while its tab is hidden. Every other panel is mounted
   * the first time its tab shows and parked while hidden behind another tab (or another tabset's
   * maximise): it keeps its state and DOM but runs no effects and no store subscriptions, so a
   * select or a step does no work in it; shown again, it reads the current state. Only for a panel
   * whose own effects must go on while nobody looks at it.
   */
  readonly keepLiveWhenHidden?: boolean;
}
