import { Layout, type Model, type TabNode } from 'flexlayout-react';
import 'flexlayout-react/style/dark.css';
import { Activity, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useView, useWorkbench } from './context';
import type { PanelDefinition } from './panel';
import { restoreLayout } from './reconcileLayout';

/**
 * The docked panels of the scene workbench: each registered panel a tab that resizes, tabs with
 * others, moves and maximises; the arrangement is saved in the workspace (settings key `layout`)
 * as the user changes it, and restored on the next start.
 */
export function DockLayout({ panels }: { readonly panels: readonly PanelDefinition[] }) {
  const workbench = useWorkbench();
  const say = useView((s) => s.say);
  const resetRequest = useView((s) => s.layoutResets);
  const [model, setModel] = useState<Model | null>(null);
  const [saves, setSaves] = useState(0);
  const saving = useRef<{ busy: boolean; again: boolean }>({ busy: false, again: false });
  const byId = useMemo(() => new Map(panels.map((p) => [p.id, p])), [panels]);

  useEffect(() => {
    let live = true;
    workbench.client
      .call('settings.get', { key: 'layout' })
      .then(({ value }) => value, () => null)
      .then((value) => {
        if (!live) return;
        const restored = restoreLayout(value, panels);
        if (restored.problem) say(restored.problem);
        setModel(restored.model);
      });
    return () => {
      live = false;
    };
  }, [workbench, panels, say]);

  const save = useCallback(
    (m: Model) => {
      // One write at a time, the last arrangement last: a drag's many changes never reorder on the wire.
      if (saving.current.busy) {
        saving.current.again = true;
        return;
      }
      saving.current.busy = true;
      void workbench.client
        .call('settings.set', { key: 'layout', value: m.toJson() as never })
        .then(
          () => setSaves((n) => n + 1),
          (e: Error) => say(`The layout could not be saved: ${e.message}`),
        )
        .finally(() => {
          saving.current.busy = false;
          if (saving.current.again) {
            saving.current.again = false;
            save(m);
          }
        });
    },
    [workbench, say],
  );

  // "Reset layout" (a command): the default arrangement, saved as the user's.
  const firstReset = useRef(resetRequest);
  useEffect(() => {
    if (resetRequest === firstReset.current) return;
    const fresh = restoreLayout(null, panels).model;
    setModel(fresh);
    save(fresh);
  }, [resetRequest, panels, save]);

  const factory = useCallback(
    (node: TabNode) => {
      const panel = byId.get(node.getComponent() ?? '');
      if (!panel) return null;
      const Component = panel.component;
      const testId = panel.testId ?? `panel-${panel.id}`;
      if (panel.keepLiveWhenHidden)
        return (
          <div className="dock-panel" data-testid={testId}>
            <Component />
          </div>
        );
      return (
        <ParkedWhenHidden node={node} testId={testId}>
          <Component />
        </ParkedWhenHidden>
      );
    },
    [byId],
  );

  if (!model) return <div className="dock dock-loading" data-testid="dock" data-ready="false" />;
  return (
    <div className="dock" data-testid="dock" data-ready="true" data-layout-saves={saves}>
      <Layout model={model} factory={factory} onModelChange={save} realtimeResize />
    </div>
  );
}

/**
 * A mounted tab's panel, parked while its tab is hidden (behind another tab, or its tabset behind
 * another's maximise): under a hidden Activity it keeps its state and DOM, but its effects, store
 * subscriptions included, are taken down, so it does no work on a select or a step. Shown again,
 * its effects run again and it reads the current state.
 */
function ParkedWhenHidden({ node, testId, children }: { readonly node: TabNode; readonly testId: string; readonly children: ReactNode }) {
  // The layout says a tab is visible once it has placed it, after this first render: until then a selected tab is taken as shown.
  const [visible, setVisible] = useState(() => node.isVisible() || node.isSelected());
  useEffect(() => {
    node.setEventListener('visibility', ({ visible: now }: { visible: boolean }) => setVisible(now));
    setVisible(node.isVisible());
    return () => node.removeEventListener('visibility');
  }, [node]);
  return (
    <div className="dock-panel" data-testid={testId} data-parked={!visible}>
      <Activity mode={visible ? 'visible' : 'hidden'}>{children}</Activity>
    </div>
  );
}
