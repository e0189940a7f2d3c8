import { useEffect } from 'react';
import type { SceneManifest } from '../../core/scene/manifest';
import { OpenCloudDialog } from '../ui/OpenCloudDialog';
import { SceneSwitcher } from '../ui/SceneSwitcher';
import { ImagePanel } from './ImagePanel';
import { ImageTable } from './ImageTable';
import { PointPanel } from './PointPanel';
import './reconstruction.css';
import { loadReconstruction, modelLabel } from './reconstructionStore';
import { useReconstruction, useView, useWorkbench } from '../workbench/context';
import { ReconstructionViewport } from './ReconstructionViewport';
import { SummaryPanel } from './SummaryPanel';

/** True for a scene that is a reconstruction to review rather than a sequence of frames. */
export function isReconstructionScene(manifest: SceneManifest | undefined): boolean {
  return !!manifest?.reconstruction && manifest.frames.length === 0;
}

const size = (bytes: number) => (bytes >= 1 << 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

function Loading() {
  const progress = useReconstruction((s) => s.progress);
  return (
    <div className="recon-loading" data-testid="reconstruction-progress">
      {progress ? (
        <>
          <span>
            Reading {progress.file} ({size(progress.received)}
            {progress.total ? ` of ${size(progress.total)}` : ''})…
          </span>
          <progress max={progress.total ?? 1} value={progress.total ? progress.received : undefined} />
        </>
      ) : (
        <span>Parsing the model and computing its statistics…</span>
      )}
    </div>
  );
}

/**
 * The review of a COLMAP reconstruction: the sparse points and camera frustums in 3D, the
 * summary and histograms, per-image figures, the selected image with its observations and the
 * selected point's track. Shown instead of the frame-review layout for a scene that has a
 * reconstruction and no frames.
 */
export function ReconstructionView() {
  const workbench = useWorkbench();
  const { client } = workbench;
  const scene = useView((s) => s.scene);
  const showOpenDialog = useView((s) => s.showOpenDialog);
  const notice = useView((s) => s.notice);
  const say = useView((s) => s.say);
  const status = useReconstruction((s) => s.status);
  const error = useReconstruction((s) => s.error);
  const session = useReconstruction((s) => s.session);

  useEffect(() => {
    if (scene) void loadReconstruction(workbench, scene.storeId, scene.manifest);
  }, [workbench, scene]);

  const reconstruction = scene?.manifest.reconstruction;
  if (!scene || !reconstruction) return null;
  const manifest = scene.manifest;
  const picturesFolder = reconstruction.images ?? null;
  const label = modelLabel(manifest);
  const data = status === 'ready' ? session?.data : null;
  return (
    <div className="recon-app" data-testid="app" data-status="ready" data-mode="reconstruction">
      <header className="toolbar">
        <span className="brand">Cairn</span>
        <SceneSwitcher />
        <span className="recon-title" data-testid="recon-title" title={label}>
          {manifest.name}
        </span>
        {data && (
          <span className="hint">
            COLMAP {data.format} model{data.hasRigs ? ' with rigs' : ''} · {label}
          </span>
        )}
      </header>
      {status === 'error' ? (
        <div className="recon-error" data-testid="reconstruction-error">
          <h1>Cairn could not read this reconstruction</h1>
          <p>{error}</p>
        </div>
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <ReconstructionViewport client={client} storeId={scene.storeId} picturesFolder={picturesFolder} data={data} />
          <aside className="recon-side">
            <SummaryPanel data={data} />
            <ImageTable data={data} />
          </aside>
          <div className="recon-detail">
            <ImagePanel client={client} storeId={scene.storeId} picturesFolder={picturesFolder} data={data} />
            <PointPanel data={data} />
          </div>
        </>
      )}
      <footer className="statusbar">
        {notice && (
          <span className="notice" data-testid="notice">
            {notice}
            <button className="link" data-testid="notice-dismiss" onClick={() => say(null)} aria-label="Dismiss">
              ×
            </button>
          </span>
        )}
      </footer>
      {showOpenDialog && <OpenCloudDialog />}
    </div>
  );
}
