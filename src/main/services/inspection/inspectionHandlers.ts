import { ContractError } from '../../../shared/contract';
import type { Handlers } from '../../../shared/handlers';
import { InspectionInputError, type InspectionService } from './inspectionService';

type InspectionCalls = Pick<Handlers, 'inspection.load' | 'inspection.frames' | 'inspection.framePredictions' | 'inspection.close'>;

const refused = (e: unknown): never => {
  if (e instanceof InspectionInputError) throw new ContractError('invalid-input', e.message);
  throw e;
};

/** The host's failure-inspection calls: reading predictions is opening a file (refused in reviewer mode by the location policy). */
export function inspectionHandlers(service: InspectionService): InspectionCalls {
  return {
    'inspection.load': async ({ sceneId, location, format, matching }) => service.load(sceneId, location, format, matching).catch(refused),
    'inspection.frames': async ({ runId, sort, offset, limit }) => {
      try {
        return service.frames(runId, sort, offset, limit);
      } catch (e) {
        return refused(e);
      }
    },
    'inspection.framePredictions': async ({ runId, frameId }) => {
      try {
        return { predictions: service.framePredictions(runId, frameId) };
      } catch (e) {
        return refused(e);
      }
    },
    'inspection.close': async ({ runId }) => {
      service.close(runId);
      return {};
    },
  };
}
