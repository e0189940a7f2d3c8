import { useEffect } from 'react';
import type { CairnClient } from '../shared/client';
import { openLocation, watchJobs } from './state/clouds';
import { openDefaultScene } from './state/loadScene';
import { isReconstructionScene, ReconstructionView } from './reconstruction/ReconstructionView';
import { useView } from './state/viewStore';
import { CameraPanels } from './ui/CameraPanels';
import { CloudToolbar } from './ui/CloudToolbar';
import { GraphPanel } from './ui/GraphPanel';
import { Inspector } from './ui/Inspector';
import { ObjectList } from './ui/ObjectList';
import { OpenCloudDialog } from './ui/OpenCloudDialog';
import { StatusBar } from './ui/StatusBar';
import { Timeline } from './ui/Timeline';
import { TrackStrip } from './ui/TrackStrip';
import { Toolbar } from './ui/Toolbar';
import { CloudViewport } from './viewer/CloudViewport';
import { Viewport } from './viewer/Viewport';

export function App({ client }: { client: CairnClient }) {
  const status = useView((s) => s.status);
  const error = useView((s) => s.error);
  const openCloud = useView((s) => s.openCloud);
  const showOpenDialog = useView((s) => s.showOpenDialog);
  const scene = useView((s) => s.scene);
  useEffect(() => {
    void openDefaultScene(client).then(() => {
      const location = useView.getState().info?.cloudAtStart;
      if (location) void openLocation(client, location);
    });
    return watchJobs(client);
  }, [client]);

  if (status === 'error') {
    return (
      <div className="fatal" data-testid="fatal-error">
        <h1>Cairn could not open the scene</h1>
        <p>{error}</p>
      </div>
    );
  }
  if (openCloud) {
    return (
      <div className="app cloud-mode" data-testid="app" data-status={status}>
        <CloudToolbar />
        <CloudViewport client={client} cloud={openCloud} />
        <StatusBar />
        {showOpenDialog && <OpenCloudDialog client={client} />}
      </div>
    );
  }

  // A reconstruction to review (a COLMAP model, no frames) has its own layout.
  if (status === 'ready' && isReconstructionScene(scene?.manifest)) return <ReconstructionView client={client} />;

  return (
    <div className="app" data-testid="app" data-status={status}>
      <Toolbar client={client} />
      <ObjectList />
      {status === 'ready' ? <Viewport /> : <div className="viewport loading">Opening scene…</div>}
      {status === 'ready' && <CameraPanels />}
      <div className="side-column">
        <Inspector />
        {status === 'ready' && <GraphPanel />}
      </div>
      {status === 'ready' && <Timeline client={client} />}
      {status === 'ready' && <TrackStrip client={client} />}
      <StatusBar />
      {showOpenDialog && <OpenCloudDialog client={client} />}
    </div>
  );
}
