import { useCallback } from 'react';
import type { Editor } from '../../core/editor/editor';
import type { AnnotationRecord } from '../../core/model/annotation';
import { useEditorSelect } from '../workbench/context';
import { formatDateTime } from '../ui/format';

/**
 * Where the selected box came from when a proposal was accepted as it: the model (name, version,
 * the file's hash), the generator and its settings, the run's time and the proposed class and
 * score; and whether a person has edited it since (it is then their annotation, still linked).
 * One line under the box's heading, opened for the details, so the box's numbers stay in view.
 */
export function ProposalProvenance({ record }: { readonly record: AnnotationRecord }) {
  const { trackId } = record;
  // The track's settings keep their object until they change: a drag's moves do not render this again.
  const link = useEditorSelect(useCallback((editor: Editor | null) => editor?.trackSettingsOf(trackId).proposal, [trackId]));
  if (!link) return null;
  const edited = record.updatedAt !== record.createdAt;
  return (
    <details className="proposal-provenance" data-testid="inspector-provenance">
      <summary>
        Proposed by <strong data-testid="provenance-model">{link.model.name}</strong> · {edited ? 'edited by hand since' : 'accepted as proposed'}
      </summary>
      <dl className="facts">
        <dt>model</dt>
        <dd>
          {link.model.name} {link.model.version}
        </dd>
        <dt>sha256</dt>
        <dd title={link.model.sha256}>
          <code data-testid="provenance-sha256">{link.model.sha256.slice(0, 16)}…</code>
        </dd>
        <dt>file</dt>
        <dd>{link.model.file}</dd>
        <dt>generator</dt>
        <dd data-testid="provenance-generator">{link.generator}</dd>
        <dt>proposed</dt>
        <dd>
          {link.classId ?? 'no class'}
          {link.score === null ? '' : `, score ${link.score.toFixed(2)}`}
        </dd>
        <dt>run at</dt>
        <dd>{formatDateTime(link.at)}</dd>
        <dt>settings</dt>
        <dd className="provenance-parameters">
          {Object.entries(link.parameters)
            .map(([k, v]) => `${k} ${v === null ? '—' : String(v)}`)
            .join(' · ')}
        </dd>
      </dl>
    </details>
  );
}
