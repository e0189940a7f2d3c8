import type { CallOutput } from '../../../shared/contract';
import type { Slice } from './types';

/** What is open: the host's info and ontology, the scene, the scenes beside it. */
export interface SceneSlice {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  info: CallOutput<'app.info'> | null;
  ontology: CallOutput<'ontology.get'> | null;
  scene: CallOutput<'scene.open'> | null;
  scenes: CallOutput<'scene.list'>;
  hostLoaded(info: CallOutput<'app.info'>, ontology: CallOutput<'ontology.get'>): void;
  ontologyChanged(ontology: CallOutput<'ontology.get'>): void;
  /** The host's access changed (the workspace's key got a role in the shared store). */
  accessChanged(access: CallOutput<'app.info'>['access']): void;
  sceneFailed(message: string): void;
  /** A scene opened: the view starts on its first frame with nothing selected, and leaves any streamed cloud. */
  sceneOpened(scene: CallOutput<'scene.open'>, scenes: CallOutput<'scene.list'>): void;
}

export const sceneSlice: Slice<SceneSlice> = (set, get) => ({
  status: 'loading',
  error: null,
  info: null,
  ontology: null,
  scene: null,
  scenes: [],
  hostLoaded: (info, ontology) => set({ info, ontology, activeClassId: ontology.classes[0]?.classId ?? 'car' }),
  accessChanged: (access) => set((s) => (s.info ? { info: { ...s.info, access } } : {})),
  ontologyChanged: (ontology) =>
    set((s) => ({ ontology, activeClassId: ontology.classes.some((c) => c.classId === s.activeClassId) ? s.activeClassId : (ontology.classes[0]?.classId ?? s.activeClassId) })),
  sceneFailed: (message) => set({ status: 'error', error: message }),
  sceneOpened: (scene, scenes) =>
    set({
      scene,
      scenes,
      status: 'ready',
      openCloud: null,
      frameIndex: 0,
      cloud: null,
      mergedCloud: null,
      frameImages: new Map(),
      selectedId: null,
      playing: false,
      revision: get().revision + 1,
      lastEdit: null,
    }),
});
