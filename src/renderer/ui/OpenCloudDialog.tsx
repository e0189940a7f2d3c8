import { useEffect, useState } from 'react';
import { openLocation } from '../state/clouds';
import { useView, useWorkbench } from '../workbench/context';
import { type PointCloudInfo } from '../state/viewStore';
import type { CallOutput } from '../../shared/contract';
import { LogTopicPicker } from './LogTopicPicker';

/** A robotics log file or URL: its topics are listed to pick from before it opens. */
const ROBOT_LOG = /\.(mcap|bag)([?#].*)?$/i;

/** Open a scene or dataset (manifest or imported folder), or a point cloud of any size. */
export function OpenCloudDialog() {
  const workbench = useWorkbench();
  const { client } = workbench;
  const setOpenDialog = useView((s) => s.setOpenDialog);
  const showCloud = useView((s) => s.showCloud);
  const [location, setLocation] = useState('');
  const [recent, setRecent] = useState<PointCloudInfo[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [log, setLog] = useState<{ location: string; listing: CallOutput<'robotics.topics'> } | null>(null);
  useEffect(() => {
    void client.call('pointcloud.list', {}).then(setRecent, () => setRecent([]));
  }, [client]);
  const submit = async () => {
    if (!location.trim()) return;
    setBusy(true);
    setLog(null);
    if (ROBOT_LOG.test(location.trim())) {
      try {
        setLog({ location: location.trim(), listing: await client.call('robotics.topics', { location: location.trim() }) });
        setProblem(null);
      } catch (e) {
        setProblem((e as Error).message);
      }
    } else setProblem(await openLocation(workbench, location));
    setBusy(false);
  };
  return (
    <div className="dialog-backdrop" onClick={() => setOpenDialog(false)}>
      <div
        className="dialog"
        role="dialog"
        aria-label="Open"
        data-testid="open-dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpenDialog(false);
        }}
      >
        <h2>Open</h2>
        <p className="hint">
          A scene: a <code>scene.json</code>, a <code>dataset.json</code> written by <code>cairn import</code>, or a folder holding one.
          Or a point cloud: a scan (LAS, LAZ, COPC, PCD, PLY, E57, KITTI .bin, converted once into the workspace cache), a Potree 2.0
          octree folder, or an http(s) / s3:// URL of either. Or a robotics log (<code>.mcap</code>, <code>.bag</code>, a folder of them),
          read in place: pick its LiDAR and cameras.
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <input
            data-testid="open-location"
            autoFocus
            value={location}
            placeholder="/data/kitti-imported   or   /data/site/scan.laz   or   https://host/octree/metadata.json"
            onChange={(e) => setLocation(e.target.value)}
          />
          <button type="submit" data-testid="open-submit" disabled={busy || !location.trim()}>
            {busy ? 'Opening…' : 'Open'}
          </button>
        </form>
        {log && <LogTopicPicker location={log.location} listing={log.listing} onProblem={setProblem} />}
        {problem && (
          <p className="error" data-testid="open-error">
            {problem}
          </p>
        )}
        {recent.length > 0 && (
          <>
            <h3>This session</h3>
            <ul className="recent">
              {recent.map((c) => (
                <li key={c.cloudId}>
                  <button data-testid="recent-cloud" disabled={c.status !== 'ready'} onClick={() => showCloud(c, null)}>
                    {c.name} <span className="hint">{c.status === 'ready' ? `${(c.points ?? 0).toLocaleString('en-US')} points` : c.status}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
