import { useSyncStatus } from './useSyncStatus';

const SHORT: Record<string, string> = { idle: 'synced', syncing: 'syncing…', offline: 'offline', unregistered: 'waiting for an admin', 'no-store': 'no store', error: 'sync failed' };

/** The shared store's state in the status bar: a glance says whether the team has this work. */
export function SyncIndicator() {
  const [status] = useSyncStatus();
  if (!status || status.state === 'off') return null;
  const ahead = status.ahead.operations + status.ahead.revisions;
  const parts = [SHORT[status.state] ?? status.state, ahead ? `${ahead} to push` : '', status.conflicts ? `${status.conflicts} conflict(s)` : ''].filter(Boolean);
  return (
    <span className={`sync-indicator sync-${status.state}`} data-testid="sync-indicator" title={status.message}>
      Store: {parts.join(' · ')}
    </span>
  );
}
