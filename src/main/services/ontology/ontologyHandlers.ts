import { ContractError, ONTOLOGY_FLAGGED_MAX } from '../../../shared/contract';
import type { Handlers } from '../../../shared/handlers';
import type { EventBus } from '../eventBus';
import { editRefusal, type Permissions } from '../access/permissions';
import { ConflictError } from '../workspace/annotationRepository';
import { InvalidPublishError, type OntologyService } from './ontologyService';

/** The clientId an ontology migration's operations are announced under (no client made them). */
export const ONTOLOGY_MIGRATION_CLIENT = 'ontology-migration';

type OntologyCalls = Pick<Handlers, 'ontology.get' | 'ontology.versions' | 'ontology.publish'>;

/** The host's ontology calls, over the workspace's versions. */
export function ontologyHandlers(ontologies: OntologyService, deps: { events: EventBus; permissions: Permissions; user: string }): OntologyCalls {
  const { events, permissions, user } = deps;
  return {
    'ontology.get': async ({ version }) => {
      if (version === undefined) return ontologies.current();
      const found = ontologies.get(version);
      if (!found) throw new ContractError('not-found', `ontology ${ontologies.ontologyId} has no version ${version} in this workspace`);
      return found;
    },
    'ontology.versions': async () => ({
      ontologyId: ontologies.ontologyId,
      versions: ontologies.versions().map((v) => ({
        version: v.ontology.version,
        name: v.ontology.name,
        createdAt: v.createdAt,
        steps: v.migration?.steps.length ?? 0,
      })),
    }),
    'ontology.publish': async (input) => {
      if (!permissions.canEditAnnotations && !input.dryRun) {
        // A new version migrates annotations: their new revisions must be ones the store accepts.
        throw new ContractError('forbidden', editRefusal(permissions, 'publishing an ontology version'));
      }
      let result;
      try {
        result = ontologies.publish(input, user);
      } catch (e) {
        if (e instanceof InvalidPublishError) throw new ContractError('invalid-input', `ontology.publish: invalid input: ${e.message}`);
        // Another client wrote a record between the read and the write: nothing was stored; publishing again reads it.
        if (e instanceof ConflictError) throw new ContractError('conflict', e.message);
        throw e;
      }
      for (const { seq, op } of result.operations) events.emit('annotations.applied', { clientId: ONTOLOGY_MIGRATION_CLIENT, seq, op });
      if (!input.dryRun) events.emit('ontology.published', { ontologyId: ontologies.ontologyId, version: result.version });
      return {
        version: result.version,
        migrated: result.migrated,
        flaggedCount: result.flagged.length,
        flagged: result.flagged.slice(0, ONTOLOGY_FLAGGED_MAX),
      };
    },
  };
}
