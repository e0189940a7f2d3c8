import { useEffect } from 'react';
import { watchOntology } from './ontology/reloadOntology';
import { watchProposals } from './proposals/proposalsStore';
import { SCENE_PANELS } from './panels';
import { isReconstructionScene, ReconstructionView } from './reconstruction/ReconstructionView';
import { openLocation, watchJobs } from './state/clouds';
import { openDefaultScene } from './state/loadScene';
import { CloudToolbar } from './ui/CloudToolbar';
import { OpenCloudDialog } from './ui/OpenCloudDialog';
import { StatusBar } from './ui/StatusBar';
import { Toolbar } from './ui/Toolbar';
import { CloudViewport } from './viewer/CloudViewport';
import { useView, useWorkbench } from './workbench/context';
import { DockLayout } from './workbench/DockLayout';

export function App() {
  const workbench = useWorkbench();
  const status = useView((s) => s.status);
  const error = useView((s) => s.error);
  const openCloud = useView((s) => s.openCloud);
  const showOpenDialog = useView((s) => s.showOpenDialog);
  const scene = useView((s) => s.scene);
  useEffect(() => {
    void openDefaultScene(workbench).then(() => {
      const location = workbench.view.getState().info?.cloudAtStart;
      if (location) void openLocation(workbench, location);
    });
    const stopJobs = watchJobs(workbench);
    const stopOntology = watchOntology(workbench);
    const stopProposals = watchProposals(workbench);
    const stopAccess = workbench.client.on('access.changed', (access) => workbench.view.getState().accessChanged(access));
    return () => {
      stopJobs();
      stopOntology();
      stopProposals();
      stopAccess();
    };
  }, [workbench]);

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
        <CloudViewport cloud={openCloud} />
        <StatusBar />
        {showOpenDialog && <OpenCloudDialog />}
      </div>
    );
  }

  // A reconstruction to review (a COLMAP model, no frames) has its own layout.
  if (status === 'ready' && isReconstructionScene(scene?.manifest)) return <ReconstructionView />;

  return (
    <div className="app" data-testid="app" data-status={status}>
      <Toolbar />
      {status === 'ready' ? <DockLayout panels={SCENE_PANELS} /> : <div className="dock dock-loading">Opening scene…</div>}
      <StatusBar />
      {showOpenDialog && <OpenCloudDialog />}
    </div>
  );
}
