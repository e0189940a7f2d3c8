import { SyncIndicator } from '../sync/SyncIndicator';
import { useView, useWorkbench } from '../workbench/context';
import { formatCount } from './format';

export function StatusBar() {
  const save = useView((s) => s.save);
  // The count alone, not the cloud: stepping onto a frame of as many points re-renders nothing here.
  const pointCount = useView((s) => s.cloud?.count ?? null);
  const cloudError = useView((s) => s.cloudError);
  const info = useView((s) => s.info);
  const notice = useView((s) => s.notice);
  const say = useView((s) => s.say);
  const { client } = useWorkbench();
  const jobs = useView((s) => s.jobs);
  const stats = useView((s) => s.cloudStats);
  const openCloud = useView((s) => s.openCloud);
  const budget = useView((s) => s.pointBudget);
  const saveText = save.error ? `Not saved: ${save.error}` : save.pending > 0 ? 'Saving…' : save.saved > 0 ? 'All changes saved' : 'Saved';
  return (
    <footer className="statusbar">
      <span data-testid="save-status" className={save.error ? 'error' : save.pending ? 'pending' : 'ok'} data-pending={save.pending}>
        {saveText}
      </span>
      {openCloud ? (
        <span
          data-testid="cloud-stats"
          data-visible={stats?.visiblePoints ?? 0}
          data-drawn={stats?.drawnPoints ?? 0}
          data-loaded={stats?.loadedPoints ?? 0}
          data-geometry-bytes={stats?.geometryBytes ?? 0}
          data-hierarchy-nodes={stats?.hierarchyNodes ?? 0}
        >
          {stats
            ? `${formatCount(stats.drawnPoints)} of ${formatCount(openCloud.points ?? 0)} points drawn (budget ${formatCount(budget / 1e6)}M) · ${stats.visibleNodes} nodes · ${(stats.geometryBytes / 2 ** 20).toFixed(0)} MiB held`
            : 'streaming…'}
        </span>
      ) : (
        <span data-testid="point-count">{pointCount !== null ? `${formatCount(pointCount)} points` : cloudError ? '' : 'loading points…'}</span>
      )}
      {Object.entries(jobs).map(([jobId, j]) => (
        <span className="job" key={jobId} data-testid="job">
          {j.label}: {j.phase} <progress max={j.total || 1} value={j.done} /> {j.total ? `${Math.floor((100 * j.done) / j.total)}%` : ''}
          <button className="link" data-testid="job-cancel" onClick={() => void client.call('jobs.cancel', { jobId })}>
            Cancel
          </button>
        </span>
      ))}
      {cloudError && (
        <span className="error" data-testid="cloud-error">
          {cloudError}
        </span>
      )}
      {notice && (
        <span className="notice" data-testid="notice">
          {notice}
          <button className="link" data-testid="notice-dismiss" onClick={() => say(null)} aria-label="Dismiss">
            ×
          </button>
        </span>
      )}
      <span className="spacer" />
      <SyncIndicator />
      {info && (
        <span className="workspace" title={info.workspaceDir}>
          {info.user} · {info.shell === 'web' ? 'web host' : 'desktop'} · {info.workspaceDir}
        </span>
      )}
    </footer>
  );
}
