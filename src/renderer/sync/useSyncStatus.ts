import { useEffect, useState } from 'react';
import type { CallOutput } from '../../shared/contract';
import { useWorkbench } from '../workbench/context';

export type SyncStatus = CallOutput<'sync.status'>;

/** The host's sync status, read once and then kept current by its `sync.status` events. */
export function useSyncStatus(): [SyncStatus | null, (s: SyncStatus) => void] {
  const wb = useWorkbench();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    const off = wb.client.on('sync.status', (s) => live && setStatus(s));
    wb.client.call('sync.status', {}).then(
      (s) => live && setStatus((current) => current ?? s),
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, [wb]);
  return [status, setStatus];
}
