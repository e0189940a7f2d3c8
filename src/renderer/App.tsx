import { useEffect } from 'react';
import type { CairnClient } from '../shared/client';
import { openDefaultScene } from './state/loadScene';
import { useView } from './state/viewStore';
import { Inspector } from './ui/Inspector';
import { ObjectList } from './ui/ObjectList';
import { StatusBar } from './ui/StatusBar';
import { Toolbar } from './ui/Toolbar';
import { useShortcuts } from './ui/useShortcuts';
import { Viewport } from './viewer/Viewport';

export function App({ client }: { client: CairnClient }) {
  const status = useView((s) => s.status);
  const error = useView((s) => s.error);
  useShortcuts(client);
  useEffect(() => {
    void openDefaultScene(client);
  }, [client]);

  if (status === 'error') {
    return (
      <div className="fatal" data-testid="fatal-error">
        <h1>Cairn could not open the scene</h1>
        <p>{error}</p>
      </div>
    );
  }
  return (
    <div className="app" data-testid="app" data-status={status}>
      <Toolbar client={client} />
      <ObjectList />
      {status === 'ready' ? <Viewport /> : <div className="viewport loading">Opening scene…</div>}
      <Inspector />
      <StatusBar />
    </div>
  );
}
