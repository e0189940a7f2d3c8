import { useState } from 'react';
import type { CallOutput } from '../../shared/contract';
import { openScene } from '../state/loadScene';
import { useWorkbench } from '../workbench/context';
import { formatCount } from './format';

type Listing = CallOutput<'robotics.topics'>;

/**
 * A robotics log's topics, as its index lists them, with the LiDAR that drives the frames and the
 * cameras to show picked (the host's suggestion first); Open builds the scene read in place.
 */
export function LogTopicPicker({ location, listing, onProblem }: { location: string; listing: Listing; onProblem: (problem: string | null) => void }) {
  const workbench = useWorkbench();
  const [lidar, setLidar] = useState<string | null>(listing.suggested.lidar[0] ?? null);
  const [cameras, setCameras] = useState<Set<string>>(new Set(listing.suggested.cameras));
  const [busy, setBusy] = useState(false);
  const topics = listing.logs[0]?.topics ?? [];
  const open = async () => {
    if (!lidar) return;
    setBusy(true);
    onProblem(null);
    try {
      const opened = await workbench.client.call('robotics.open', { location, lidar: [lidar], cameras: topics.filter((t) => cameras.has(t.topic)).map((t) => t.topic) });
      await openScene(workbench, opened.scenes[0].sceneId);
      const view = workbench.view.getState();
      view.setOpenDialog(false);
      view.say(opened.problems.length ? `Opened with problems: ${opened.problems.slice(0, 3).join('; ')}` : null);
    } catch (e) {
      onProblem((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="log-topics">
      <h3>
        {listing.format === 'rosbag' ? 'ROS 1 bag' : listing.format === 'rosbag2' ? 'ROS 2 bag' : 'MCAP'}: {listing.logs.map((l) => l.name).join(', ')}
      </h3>
      <table className="log-topics">
        <thead>
          <tr>
            <th>use</th>
            <th>topic</th>
            <th>type</th>
            <th>messages</th>
          </tr>
        </thead>
        <tbody>
          {topics.map((t) => (
            <tr key={t.topic} data-testid="log-topic" data-topic={t.topic} data-role={t.role}>
              <td>
                {t.role === 'cloud' && (
                  <label>
                    <input type="radio" name="lidar" data-testid="log-lidar" checked={lidar === t.topic} onChange={() => setLidar(t.topic)} /> LiDAR
                  </label>
                )}
                {t.role === 'camera' && (
                  <label>
                    <input
                      type="checkbox"
                      data-testid="log-camera"
                      checked={cameras.has(t.topic)}
                      onChange={(e) => {
                        const next = new Set(cameras);
                        if (e.target.checked) next.add(t.topic);
                        else next.delete(t.topic);
                        setCameras(next);
                      }}
                    />{' '}
                    camera
                  </label>
                )}
                {t.role !== 'cloud' && t.role !== 'camera' && <span className="hint">{t.role === 'other' ? '' : t.role}</span>}
              </td>
              <td>{t.topic}</td>
              <td className="hint">{t.type}</td>
              <td>{formatCount(t.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">Frames follow the LiDAR's sweeps; each camera's nearest image joins them. Sweeps and images are read from the log as you step, nothing is copied.</p>
      <button data-testid="log-open" disabled={busy || !lidar} onClick={() => void open()}>
        {busy ? 'Opening…' : 'Open log'}
      </button>
    </div>
  );
}
