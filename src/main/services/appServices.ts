import path from 'node:path';
import type { Ontology } from '../../core/model/ontology';
import { ContractError } from '../../shared/contract';
import type { Handlers } from '../../shared/handlers';
import { EventBus } from './eventBus';
import { JobRunner } from './jobs/jobRunner';
import { PointCloudService, type OctreeBuilds } from './pointclouds/pointCloudService';
import { loadOntology } from './ontology/ontologyService';
import { SceneService } from './scene/sceneService';
import { LocalStore } from './stores/localStore';
import { StoreRegistry } from './stores/storeRegistry';
import { ConflictError } from './workspace/annotationRepository';
import { Workspace } from './workspace/workspace';

export interface AppServicesOptions {
  readonly workspaceDir: string;
  /** Folder holding `sample/` and `ontology/`. */
  readonly resourcesDir: string;
  readonly shell: 'electron' | 'web';
  readonly user: string;
  readonly version: string;
  /** Builds octrees for raw point cloud files; absent where the native builder is not available. */
  readonly octreeBuilds?: (jobs: JobRunner, events: EventBus) => OctreeBuilds;
}

export interface AppServices {
  readonly handlers: Handlers;
  readonly events: EventBus;
  readonly stores: StoreRegistry;
  readonly workspace: Workspace;
  readonly jobs: JobRunner;
  close(): void;
}

export const SAMPLE_STORE_ID = 'sample';

/** The host's services, shared by the Electron shell and the web host. */
export function createAppServices(options: AppServicesOptions): AppServices {
  const workspace = Workspace.open(options.workspaceDir);
  try {
    const stores = new StoreRegistry();
    stores.register(new LocalStore(SAMPLE_STORE_ID, path.join(options.resourcesDir, 'sample')));
    const scenes = new SceneService(stores);
    const sample = scenes.addStoreScene(SAMPLE_STORE_ID);
    const ontology: Ontology = loadOntology(path.join(options.resourcesDir, 'ontology', 'default.json'));
    const events = new EventBus();
    const jobs = new JobRunner(events);
    const clouds = new PointCloudService(stores, options.octreeBuilds?.(jobs, events) ?? null);

    const handlers: Handlers = {
      'app.info': async () => ({
        version: options.version,
        user: options.user,
        workspaceDir: workspace.dir,
        shell: options.shell,
        defaultSceneId: sample.sceneId,
      }),
      'ontology.get': async () => ontology,
      'scene.list': async () => scenes.list(),
      'scene.open': async ({ sceneId }) => {
        const { storeId, manifest } = scenes.open(sceneId);
        return { storeId, manifest };
      },
      'annotations.list': async ({ sceneId }) => {
        scenes.open(sceneId);
        return workspace.annotations.listScene(sceneId);
      },
      'annotations.apply': async ({ clientId, op }) => {
        scenes.open(op.sceneId);
        let result: { seq: number; duplicate: boolean };
        try {
          result = workspace.annotations.apply(op);
        } catch (e) {
          if (e instanceof ConflictError) throw new ContractError('conflict', e.message);
          throw e;
        }
        if (!result.duplicate) events.emit('annotations.applied', { clientId, seq: result.seq, op });
        return result;
      },
      'pointcloud.open': async ({ location }) => clouds.open(location),
      'pointcloud.list': async () => clouds.list(),
      'jobs.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    };

    return { handlers, events, stores, workspace, jobs, close: () => workspace.close() };
  } catch (e) {
    workspace.close();
    throw e;
  }
}
