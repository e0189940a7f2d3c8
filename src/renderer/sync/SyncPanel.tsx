import { useState } from 'react';
import { SyncConflicts } from './SyncConflicts';
import { SyncStoreForms } from './SyncStoreForms';
import { useSyncStatus, type SyncStatus } from './useSyncStatus';
import { useView } from '../workbench/context';

const STATE_LABEL: Record<SyncStatus['state'], string> = {
  off: 'Not connected',
  syncing: 'Syncing…',
  idle: 'Synced',
  offline: 'Offline',
  unregistered: 'Waiting for an admin',
  'no-store': 'No store here yet',
  error: 'Sync failed',
};

/**
 * The shared store: where this workspace syncs, how far ahead or behind it is, the conflicts to
 * resolve, and what was refused. Edits always commit here first; this shows what the team has.
 */
export function SyncPanel() {
  const [status, setStatus] = useSyncStatus();
  const [error, setError] = useState<string | null>(null);
  const canEdit = useView((s) => s.info?.access.canEdit ?? true);
  if (!status) return <p className="hint">Reading the sync status…</p>;
  const ahead = status.ahead.operations + status.ahead.revisions;
  return (
    <div className="sync-panel" data-testid="sync-panel" data-state={status.state}>
      <div className="sync-head">
        <span className={`sync-badge sync-${status.state}`} data-testid="sync-state">
          {STATE_LABEL[status.state]}
        </span>
        {status.role && <span className="sync-role">{status.role}</span>}
      </div>
      <p className="sync-message" data-testid="sync-message">
        {status.message}
      </p>
      {status.conflicts > 0 && <SyncConflicts status={status} onStatus={setStatus} onError={setError} />}
      {status.location && (
        <dl className="facts sync-facts">
          <dt>Store</dt>
          <dd className="sync-location" title={status.location}>
            {status.location}
          </dd>
          <dt>Ahead</dt>
          <dd data-testid="sync-ahead">{ahead === 0 ? 'nothing to push' : `${status.ahead.operations} edit(s), ${status.ahead.revisions} revision(s) to push`}</dd>
          <dt>Behind</dt>
          <dd>{status.behind === 0 ? 'up to date' : `${status.behind} revision(s) not found yet`}</dd>
          <dt>Conflicts</dt>
          <dd data-testid="sync-conflict-count">{status.conflicts}</dd>
          {status.capabilities && (
            <>
              <dt>Store can</dt>
              <dd>{capabilityText(status.capabilities)}</dd>
            </>
          )}
          <dt>Last sync</dt>
          <dd>{status.lastSyncAt ? new Date(status.lastSyncAt).toLocaleTimeString() : 'never'}</dd>
        </dl>
      )}
      {status.progress && (
        <progress className="sync-progress" value={status.progress.done} max={Math.max(1, status.progress.total)} aria-label={`sync ${status.progress.phase}`} />
      )}
      {error && (
        <p className="sync-error" role="alert" data-testid="sync-error">
          {error}
        </p>
      )}
      {canEdit && <SyncStoreForms status={status} onStatus={setStatus} onError={setError} />}
      {status.excluded > 0 && (
        <details className="sync-findings">
          <summary>{status.excluded} object(s) refused</summary>
          <ul>
            {status.findings.map((f) => (
              <li key={f.path}>
                <code>{f.path}</code> {f.status}: {f.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function capabilityText(c: NonNullable<SyncStatus['capabilities']>): string {
  const can = [c.list && 'list', c.write && 'write', c.rangeRead && 'range reads', c.conditionalWrite && 'conditional writes (releases)'].filter(Boolean);
  const cannot = [!c.write && 'write', !c.conditionalWrite && 'conditional writes (no releases)'].filter(Boolean);
  return `${can.join(', ') || 'read only'}${cannot.length ? `; not ${cannot.join(', ')}` : ''}`;
}
