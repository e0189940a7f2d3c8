import path from 'node:path';
import { ContractError } from '../../shared/contract';
import type { Handlers } from '../../shared/handlers';
import { EventBus } from './eventBus';
import { JobRunner } from './jobs/jobRunner';
import { PointCloudService, type OctreeBuilds, type PointCloudInfo } from './pointclouds/pointCloudService';
import { ontologyHandlers } from './ontology/ontologyHandlers';
import { loadShippedOntology, OntologyService } from './ontology/ontologyService';
import { SceneService, type OpenLocationResult } from './scene/sceneService';
import { StoreFactory } from './stores/storeFactory';
import { importInPlace } from './datasets/importInPlace';
import { roboticsHandlers } from './robotics/roboticsHandlers';
import { readAllowedRoots } from './access/allowedRootsFile';
import { LocationPolicy, type HostMode } from './access/locationPolicy';
import { accessOf, editRefusal, permissionsFor, type Permissions } from './access/permissions';
import type { SettingValue } from '../../shared/settings';
import type { Role } from '../../core/revisions/schema';
import { LocalStore } from './stores/localStore';
import { StoreRegistry } from './stores/storeRegistry';
import { listAnnotationsPage } from './workspace/annotationPages';
import { listTrackSettingsPage } from './workspace/trackPages';
import { ConflictError, InvalidOperationError } from './workspace/annotationRepository';
import { checkOperationRefs } from './workspace/operationRefs';
import { storedTrackClass } from './workspace/relationRefs';
import { Workspace } from './workspace/workspace';
import { openSharedStore } from './sharedStore/openSharedStore';
import { createSyncEngine } from './sync/createSyncEngine';
import type { SyncEngine } from './sync/syncEngine';
import { syncHandlers } from './sync/syncHandlers';
import { AgreementService } from './agreement/agreementService';
import { agreementHandlers } from './agreement/agreementHandlers';
import { reviewHandlers } from './review/reviewHandlers';
import { inspectionHandlers } from './inspection/inspectionHandlers';
import { InspectionService } from './inspection/inspectionService';
import { hostScenarioService, scenarioHandlers } from './scenarios/scenarioHandlers';
import { workspaceSigningKey } from './sync/syncIdentity';
import { SyncLoop, type SyncLoopTiming } from './sync/syncLoop';
import { RawFileHasher } from './lineage/rawFileHasher';
import { scenesRawData } from './lineage/sceneRawData';
import { credentialHandlers } from './secrets/credentialHandlers';
import { classSizesOf } from './models/detectAndLift';
import { modelHandlers } from './models/modelHandlers';
import { ModelRegistry } from './models/modelRegistry';
import { ProposalService } from './models/proposalService';
import { DEV_MODEL_WORKERS, type ModelWorkerFiles } from './models/modelWorkerFiles';
import { FileSecretStore } from './secrets/fileSecretStore';
import { S3CredentialSettings } from './secrets/s3CredentialSettings';
import type { SecretStore } from './secrets/secretStore';

export interface AppServicesOptions {
  readonly workspaceDir: string;
  /** Folder holding `sample/` and `ontology/`. */
  readonly resourcesDir: string;
  readonly shell: 'electron' | 'web';
  readonly user: string;
  readonly version: string;
  /** `reviewer`: serve only what the host starts with, read-only (see LocationPolicy). Default `desktop`. */
  readonly mode?: HostMode;
  /** Builds octrees for raw point cloud files; absent where the native builder is not available. */
  readonly octreeBuilds?: (jobs: JobRunner, events: EventBus) => OctreeBuilds;
  /** When the background sync runs (tests shorten or lengthen it); the default suits people. */
  readonly syncTiming?: SyncLoopTiming;
  /**
   * Where saved S3 credentials are kept: the Electron shell's encrypts them with the OS keychain;
   * absent (the web host, the CLI): `secrets.json` in the workspace, mode 0600, not encrypted.
   */
  readonly secrets?: SecretStore;
  /** The agreement worker script (out/main/agreementWorker.js); absent: agreement runs on the host's thread. */
  readonly agreementWorker?: string;
  /** The evaluation worker script (out/main/evaluationWorker.js); absent: predictions are judged on the host's thread. */
  readonly evaluationWorker?: string;
  /** The detector and cluster workers (out/main); absent: their TypeScript sources through tsx (tests). */
  readonly modelWorkers?: ModelWorkerFiles;
}

export interface AppServices {
  readonly handlers: Handlers;
  readonly events: EventBus;
  readonly stores: StoreRegistry;
  readonly workspace: Workspace;
  readonly jobs: JobRunner;
  readonly policy: LocationPolicy;
  readonly permissions: Permissions;
  /** The workspace's sync with its shared store. */
  readonly sync: SyncEngine;
  /** Opens a location at start-up: scenes (the first becomes the default) or a point cloud. */
  openAtStart(location: string): Promise<StartLocation>;
  close(): void;
}

export type StartLocation = ({ kind: 'scenes' } & OpenLocationResult) | { kind: 'cloud'; cloud: PointCloudInfo };

export const SAMPLE_STORE_ID = 'sample';
/** The clientId the sync's merges are announced under (no client made them). */
export const SYNC_CLIENT = 'sync';

/** The host's services, shared by the Electron shell and the web host. */
export function createAppServices(options: AppServicesOptions): AppServices {
  const workspace = Workspace.open(options.workspaceDir);
  try {
    const mode = options.mode ?? 'desktop';
    // Bound once the sync engine exists: the role is the one the connected store gave this workspace's key.
    let ownRole: () => Role | null = () => null;
    const permissions = permissionsFor(mode, () => ownRole());
    const policy = new LocationPolicy(mode, () => readAllowedRoots(workspace.dir));
    policy.allow(path.join(options.resourcesDir, 'sample'), 'the sample scene');
    policy.allow(workspace.dir, 'the workspace');
    const stores = new StoreRegistry();
    const sampleStore = new LocalStore(SAMPLE_STORE_ID, path.join(options.resourcesDir, 'sample'));
    stores.register(sampleStore);
    const s3Settings = new S3CredentialSettings(options.secrets ?? new FileSecretStore(path.join(workspace.dir, 'secrets.json')));
    const factory = new StoreFactory(policy, undefined, s3Settings);
    const scenes = new SceneService(stores, factory, policy);
    const sample = scenes.addLocalScene(sampleStore);
    let defaultSceneId = sample.sceneId;
    let cloudAtStart: string | undefined;
    const ontologies = new OntologyService(
      workspace.ontologies,
      workspace.annotations,
      loadShippedOntology(path.join(options.resourcesDir, 'ontology')),
    );
    ontologies.current(); // seeds a new workspace now, so a damaged stored version stops the host at start, naming it
    const events = new EventBus();
    const jobs = new JobRunner(events);
    let lastRole: Role | null = null;
    const rawFiles = new RawFileHasher();
    const sync = createSyncEngine(workspace, {
      open: (location) => {
        policy.allowOpened(location);
        return openSharedStore(location, { s3Settings });
      },
      ontologyVersion: () => ontologies.current().version,
      rawData: scenesRawData(scenes, stores, rawFiles),
      onApplied: (applied) => {
        for (const { seq, op } of applied) events.emit('annotations.applied', { clientId: SYNC_CLIENT, seq, op });
      },
      onStatus: (status) => {
        events.emit('sync.status', status);
        const role = permissions.role;
        if (role !== lastRole) {
          lastRole = role;
          events.emit('access.changed', accessOf(permissions));
        }
      },
    });
    ownRole = () => {
      const keyId = workspace.sync.keyId();
      return keyId && sync.connectedStore ? sync.roleOf(keyId) : null;
    };
    const syncLoop = new SyncLoop(sync, options.syncTiming);
    if (permissions.canChangeWorkspace) syncLoop.start();
    const clouds = new PointCloudService(stores, options.octreeBuilds?.(jobs, events) ?? null, {
      policy,
      s3Settings,
      onChange: (cloud) => events.emit('pointcloud.changed', cloud),
    });

    const agreement = new AgreementService({
      sync,
      jobs,
      frameOrder: (sceneId) => scenes.open(sceneId).manifest.frames.map((f) => f.frameId),
      ontologyVersion: () => ontologies.current().version,
      workerFile: options.agreementWorker,
    });
    const modelWorkers = options.modelWorkers ?? DEV_MODEL_WORKERS;
    const models = new ModelRegistry(workspace.models, modelWorkers);
    const proposals = new ProposalService({
      registry: models,
      jobs,
      workers: modelWorkers,
      scene: (sceneId) => {
        const { storeId, manifest } = scenes.open(sceneId);
        const store = stores.get(storeId);
        if (!store) throw new ContractError('not-found', `the store of scene ${sceneId} is not open`);
        return { manifest, store };
      },
      classSizes: () => classSizesOf(ontologies.current()),
      version: options.version,
      store: workspace.proposals,
      changed: (sceneId, frameId) => events.emit('proposals.changed', { sceneId, frameId }),
    });
    const handlers: Handlers = {
      'app.info': async () => ({
        version: options.version,
        user: options.user,
        workspaceDir: workspace.dir,
        shell: options.shell,
        defaultSceneId,
        ...(cloudAtStart ? { cloudAtStart } : {}),
        access: accessOf(permissions),
      }),
      ...ontologyHandlers(ontologies, { events, permissions, user: options.user }),
      'scene.list': async () => scenes.list(),
      'location.open': async ({ location }) => {
        policy.allowOpened(location);
        if (await scenes.isSceneLocation(location)) return { kind: 'scenes' as const, ...(await scenes.openLocation(location)) };
        const imported = await importInPlace(location, workspace.dir);
        if (imported) {
          const opened = await scenes.openLocation(imported.manifestsDir);
          return { kind: 'scenes' as const, scenes: opened.scenes, problems: [...imported.problems, ...opened.problems] };
        }
        return { kind: 'cloud' as const, cloud: await clouds.open(location) };
      },
      'scene.open': async ({ sceneId }) => {
        const { storeId, manifest } = scenes.open(sceneId);
        return { storeId, manifest };
      },
      'annotations.list': async (input) => {
        scenes.open(input.sceneId);
        return listAnnotationsPage(workspace.annotations, input);
      },
      'tracks.list': async (input) => {
        scenes.open(input.sceneId);
        return listTrackSettingsPage(workspace.annotations, input);
      },
      'annotations.apply': async ({ clientId, op }) => {
        const { manifest } = scenes.open(op.sceneId);
        if (!permissions.canEditAnnotations) {
          throw new ContractError('forbidden', editRefusal(permissions, `editing annotations of scene ${op.sceneId}`));
        }
        // Octree label frames are worked out (a read of hierarchy.bin each, once) only for an edit that may need them.
        const octreeFrames = op.changes.some((c) => c.after?.kind === 'labelPatch' && !manifest.frames.some((f) => f.frameId === c.after!.frameId)) ? await clouds.labelFrameIds() : undefined;
        checkOperationRefs(op, manifest, ontologies.current(), storedTrackClass((scene, track) => workspace.annotations.listTrack(scene, track), op.sceneId), octreeFrames);
        let result: { seq: number; duplicate: boolean };
        try {
          result = workspace.annotations.apply(op);
        } catch (e) {
          if (e instanceof ConflictError) throw new ContractError('conflict', e.message);
          if (e instanceof InvalidOperationError) throw new ContractError('invalid-input', `annotations.apply: invalid input: ${e.message}`);
          throw e;
        }
        if (!result.duplicate) {
          events.emit('annotations.applied', { clientId, seq: result.seq, op });
          syncLoop.edited();
          // The panel's "to push" counts this edit now, not only after the next cycle.
          if (sync.status().location) events.emit('sync.status', sync.status());
        }
        return result;
      },
      'pointcloud.open': async ({ location }) => {
        policy.allowOpened(location);
        return clouds.open(location);
      },
      'pointcloud.list': async () => clouds.list(),
      'settings.get': async ({ key }) => ({ value: workspace.settings.get(key) }),
      'settings.set': async ({ key, value }) => {
        if (!permissions.canChangeWorkspace) throw new ContractError('forbidden', `settings are read-only on this host (${permissions.mode} mode)`);
        workspace.settings.set(key, value as SettingValue<typeof key>);
        return {};
      },
      'jobs.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
      ...syncHandlers(sync, syncLoop, permissions),
      ...credentialHandlers(s3Settings, permissions),
      ...modelHandlers(models, proposals, permissions, policy, (sceneId) => void scenes.open(sceneId)),
      ...agreementHandlers(agreement, permissions, (sceneId) => void scenes.open(sceneId)),
      ...reviewHandlers(sync, workspaceSigningKey(workspace), permissions, (sceneId) => scenes.open(sceneId).manifest.frames.map((f) => f.frameId), () => agreement.scores()),
      ...inspectionHandlers(new InspectionService({ manifestOf: (sceneId) => scenes.open(sceneId).manifest, allowOpened: (l) => policy.allowOpened(l), isAllowed: (l) => policy.isAllowed(l), workerFile: options.evaluationWorker })),
      ...scenarioHandlers(hostScenarioService(workspace, scenes, sync, permissions), permissions),
      ...roboticsHandlers({ policy, scenes, workspaceDir: workspace.dir }),
    };

    /** `cairn serve --open`: a scene location's first scene becomes the default; a cloud opens once the app is up. */
    const openAtStart = async (location: string): Promise<StartLocation> => {
      policy.allowRootOf(location, 'opened at start');
      if (await scenes.isSceneLocation(location)) {
        const opened = await scenes.openLocation(location);
        defaultSceneId = opened.scenes[0].sceneId;
        return { kind: 'scenes', ...opened };
      }
      const cloud = await clouds.open(location);
      if (cloud.status === 'failed') throw new Error(cloud.error ?? `${location} could not be opened`);
      cloudAtStart = location;
      return { kind: 'cloud', cloud };
    };

    const close = () => {
      syncLoop.stop();
      workspace.close();
    };
    return { handlers, events, stores, workspace, jobs, policy, permissions, sync, openAtStart, close };
  } catch (e) {
    workspace.close();
    throw e;
  }
}
