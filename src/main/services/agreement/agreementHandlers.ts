import { ContractError } from '../../../shared/contract';
import type { Handlers } from '../../../shared/handlers';
import { editRefusal, type Permissions } from '../access/permissions';
import { SyncRefusal } from '../sync/syncEngine';
import type { AgreementService } from './agreementService';

type AgreementCalls = Pick<Handlers, 'agreement.start' | 'agreement.result' | 'agreement.consensus'>;

/** The host's agreement calls: computing is open to anyone who can see the scene; the consensus writes a revision. */
export function agreementHandlers(service: AgreementService, permissions: Permissions, sceneKnown: (sceneId: string) => void): AgreementCalls {
  return {
    'agreement.start': async ({ sceneId, options }) => {
      sceneKnown(sceneId);
      try {
        return { jobId: service.start(sceneId, options ?? {}) };
      } catch (e) {
        throw new ContractError('invalid-input', `agreement.start: ${(e as Error).message}`);
      }
    },
    'agreement.result': async ({ sceneId }) => {
      sceneKnown(sceneId);
      return service.result(sceneId);
    },
    'agreement.consensus': async ({ sceneId }) => {
      sceneKnown(sceneId);
      if (!permissions.canEditAnnotations) throw new ContractError('forbidden', editRefusal(permissions, 'writing a consensus'));
      try {
        return await service.consensus(sceneId);
      } catch (e) {
        if (e instanceof SyncRefusal) throw new ContractError('forbidden', e.message);
        throw new ContractError('invalid-input', `agreement.consensus: ${(e as Error).message}`);
      }
    },
  };
}
