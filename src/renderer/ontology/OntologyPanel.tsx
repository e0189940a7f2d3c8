import { useWorkbench, useView } from '../workbench/context';
import { OntologyEditor } from './OntologyEditor';
import { reloadOntology } from './reloadOntology';

/** The ontology editor as a dock panel: drafts against the host's current version and publishes through the contract. */
export function OntologyPanel() {
  const wb = useWorkbench();
  const ontology = useView((s) => s.ontology);
  const canEdit = useView((s) => s.info?.access.canEdit ?? true);
  if (!ontology) return <p className="hint">No ontology loaded.</p>;
  return (
    <OntologyEditor
      ontology={ontology}
      readOnly={!canEdit}
      publish={async (request) => {
        // Edits still on their way are written under the version they were made in, before it changes.
        await wb.session?.flushed();
        const answer = await wb.client.call('ontology.publish', request);
        if (!request.dryRun) await reloadOntology(wb);
        return answer;
      }}
    />
  );
}
