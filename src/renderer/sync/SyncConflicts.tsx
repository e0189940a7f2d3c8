import { useEffect, useState } from 'react';
import { shortId } from '../../core/model/ids';
import type { CallOutput } from '../../shared/contract';
import type { SyncStatus } from './useSyncStatus';
import { useView, useWorkbench } from '../workbench/context';
import { formatDateTime } from '../ui/format';

type Conflicts = CallOutput<'sync.conflicts'>;

interface Props {
  readonly status: SyncStatus;
  readonly onStatus: (s: SyncStatus) => void;
  readonly onError: (message: string | null) => void;
}

/** The open scene's conflicts: each side's value and author; keeping one writes a revision that settles it everywhere. */
export function SyncConflicts({ status, onStatus, onError }: Props) {
  const wb = useWorkbench();
  const sceneId = useView((s) => s.scene?.manifest.sceneId ?? null);
  const pick = useView((s) => s.pick);
  const [conflicts, setConflicts] = useState<Conflicts>([]);
  useEffect(() => {
    if (!sceneId) return;
    let live = true;
    wb.client.call('sync.conflicts', { sceneId }).then(
      (c) => live && setConflicts(c),
      (e: Error) => live && onError(e.message),
    );
    return () => {
      live = false;
    };
  }, [wb, sceneId, status.conflicts, status.lastSyncAt, onError]);
  if (!sceneId || conflicts.length === 0) return null;
  const keep = async (c: Conflicts[number], revision: string) => {
    onError(null);
    try {
      onStatus(await wb.client.call('sync.resolve', { sceneId, entity: c.entity, id: c.id, field: c.field, keep: revision }));
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <section className="sync-conflicts" data-testid="sync-conflicts">
      <h4>Conflicts in this scene</h4>
      {conflicts.map((c) => (
        <div className="sync-conflict" key={`${c.entity}:${c.id}:${c.field}`} data-testid="sync-conflict">
          <button className="link" onClick={() => c.entity === 'object' && pick(c.id)} title="Select the object">
            {c.entity === 'object' ? 'object' : 'track'} {shortId(c.id)} · {c.field}
          </button>
          <ul>
            {c.values.map((v) => (
              <li key={v.revision}>
                <span className="sync-value">{valueText(v.value, c.kind)}</span>
                <span className="hint">
                  {' '}
                  by {v.authorName}, {formatDateTime(v.createdAt)}
                  {v.provenance.kind === 'model' ? ` (model ${v.provenance.name} ${v.provenance.version})` : ''}
                </span>
                <button data-testid="sync-keep" onClick={() => void keep(c, v.revision)}>
                  Keep
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function valueText(value: unknown, kind: Conflicts[number]['kind']): string {
  if (kind === 'delete-edit') return value === false ? 'deleted' : 'kept and edited';
  if (value === null || value === undefined) return '(none)';
  if (Array.isArray(value)) return `[${value.map((n) => (typeof n === 'number' ? Number(n.toFixed(3)) : n)).join(', ')}]`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
