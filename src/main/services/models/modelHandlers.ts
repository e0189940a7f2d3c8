import { ContractError } from '../../../shared/contract';
import { PROPOSAL_FRAMES_MAX } from '../../../shared/modelsContract';
import type { Handlers } from '../../../shared/handlers';
import type { LocationPolicy } from '../access/locationPolicy';
import { editRefusal, type Permissions } from '../access/permissions';
import { RegistrationError, type ModelRegistry } from './modelRegistry';
import { ProposalRunError, type ProposalService } from './proposalService';

type ModelCalls = Pick<Handlers, 'models.list' | 'models.register' | 'models.remove' | 'models.run' | 'models.proposals' | 'models.proposalFrames' | 'models.reject'>;

/** The host's model calls: registering changes the workspace (desktop only); running and listing need a scene the host has open. */
export function modelHandlers(registry: ModelRegistry, proposals: ProposalService, permissions: Permissions, policy: LocationPolicy, sceneKnown: (sceneId: string) => void): ModelCalls {
  const mustChange = (what: string) => {
    if (!permissions.canChangeWorkspace) throw new ContractError('forbidden', `${what}: models are registered only on a desktop host, not in ${permissions.mode} mode`);
  };
  return {
    'models.list': async () => ({ generators: registry.list() }),
    'models.register': async ({ modelFile, cardFile, rpnFile }) => {
      mustChange('models.register');
      try {
        const info = await registry.register(modelFile, cardFile, rpnFile);
        // Registering is opening: the host may read the model again when it runs.
        policy.allowRootOf(modelFile, 'a registered model');
        if (rpnFile !== undefined) policy.allowRootOf(rpnFile, 'a registered model');
        return info;
      } catch (e) {
        if (e instanceof RegistrationError) throw new ContractError('invalid-input', `models.register: ${e.message}`);
        throw e;
      }
    },
    'models.remove': async ({ generatorId }) => {
      mustChange('models.remove');
      return { removed: registry.remove(generatorId) };
    },
    'models.run': async ({ sceneId, frameId, generatorId, scoreThreshold }) => {
      sceneKnown(sceneId);
      try {
        return { jobId: proposals.run(sceneId, frameId, generatorId, scoreThreshold) };
      } catch (e) {
        if (e instanceof ProposalRunError) throw new ContractError('invalid-input', `models.run: ${e.message}`);
        throw e;
      }
    },
    'models.proposals': async ({ sceneId, frameId }) => {
      sceneKnown(sceneId);
      return { proposals: proposals.proposals(sceneId, frameId) };
    },
    'models.proposalFrames': async ({ sceneId }) => {
      sceneKnown(sceneId);
      return proposals.frames(sceneId, PROPOSAL_FRAMES_MAX);
    },
    'models.reject': async ({ sceneId, frameId, proposalIds }) => {
      sceneKnown(sceneId);
      if (!permissions.canEditAnnotations) throw new ContractError('forbidden', editRefusal(permissions, 'rejecting proposals'));
      return { rejected: proposals.reject(sceneId, frameId, proposalIds) };
    },
  };
}
