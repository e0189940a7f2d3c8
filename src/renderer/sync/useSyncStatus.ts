import { useEffect, useState } from 'react';
import type { CallOutput } from '../../shared/contract';
import { useWorkbench } from '../workbench/context';

export type SyncStatus = CallOutput<'sync.status'>;

/** The host's sync status, read when mounted or shown again and then kept current by its `sync.status` events. */
export function useSyncStatus(): [SyncStatus | null, (s: SyncStatus) => void] {
  const wb = useWorkbench();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    // The read replaces what a panel shown again kept from before it was parked, unless an event, newer, came first.
    let heard = false;
    const off = wb.client.on('sync.status', (s) => {
      heard = true;
      if (live) setStatus(s);
    });
    wb.client.call('sync.status', {}).then(
      (s) => live && !heard && setStatus(s),
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, [wb]);
  return [status, setStatus];
}
