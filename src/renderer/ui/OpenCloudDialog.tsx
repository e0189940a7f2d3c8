import { useEffect, useState } from 'react';
import { openLocation } from '../state/clouds';
import { useView, useWorkbench } from '../workbench/context';
import { type PointCloudInfo } from '../state/viewStore';
import type { CallOutput } from '../../shared/contract';
import { LogTopicPicker } from './LogTopicPicker';
import { formatCount } from './format';

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
  /** A log's topics listed from its index, to pick from; a location picked as a ROS 2 bag that is not one is refused by the host, naming it. */
  const listLog = async (at: string, as?: 'rosbag2') => {
    try {
      setLog({ location: at, listing: await client.call('robotics.topics', { location: at, ...(as && { as }) }) });
      setProblem(null);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  const submit = async () => {
    if (!location.trim()) return;
    setBusy(true);
    setLog(null);
    if (ROBOT_LOG.test(location.trim())) await listLog(location.trim());
    else setProblem(await openLocation(workbench, location));
    setBusy(false);
  };
  /** A ROS 2 bag is a folder: picked in the desktop shell's folder dialog, typed above in a browser. */
  const openBagFolder = async () => {
    let folder = location.trim();
    if (client.pickFolder) {
      const picked = await client.pickFolder('Open a ROS 2 bag folder');
      if (!picked) return;
      folder = picked;
      setLocation(picked);
    }
    setLog(null);
    if (!folder) {
      setProblem('Type the path of the ROS 2 bag folder (the folder holding metadata.yaml) above.');
      return;
    }
    setBusy(true);
    await listLog(folder, 'rosbag2');
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
          read in place: pick its LiDAR and cameras. A ROS 2 bag is a folder (metadata.yaml beside its .mcap or .db3 files): {client.pickFolder ? 'choose it with ROS 2 bag folder…' : 'type its path and choose Open as ROS 2 bag'}.
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
          <button type="button" data-testid="open-ros2-bag" disabled={busy} onClick={() => void openBagFolder()} title="A ROS 2 bag: the folder holding metadata.yaml and its .mcap or .db3 files">
            {client.pickFolder ? 'ROS 2 bag folder…' : 'Open as ROS 2 bag'}
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
                    {c.name} <span className="hint">{c.status === 'ready' ? `${formatCount(c.points ?? 0)} points` : c.status}</span>
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
