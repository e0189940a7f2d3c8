import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { LabelPatchAnnotation } from '../../core/annotations/labelPatch/schema';
import type { Editor } from '../../core/editor/editor';
import { labelColours } from '../../core/segmentation/labelColours';
import type { FrameCloud } from '../state/viewStore';
import { useEditorInstance, useView, useWorkbench } from '../workbench/context';
import { patchRecords, segmentationOf } from './segmentation';

const NO_PATCHES: readonly LabelPatchAnnotation[] = [];

/**
 * A frame's label patch records, re-rendering the caller only when they change (painted, undone,
 * moved in or out, a reset): not on the edits that leave them be, each move of a box drag among them.
 */
export function useFramePatches(editor: Editor | null, frameId: string | null): readonly LabelPatchAnnotation[] {
  const subscribe = useCallback((changed: () => void) => (editor ? editor.subscribe(changed) : () => undefined), [editor]);
  // The editor answers the same array until that frame's patches change, so this is the snapshot's identity.
  return useSyncExternalStore(subscribe, () => (editor && frameId !== null ? patchRecords(editor, frameId) : NO_PATCHES));
}

/**
 * The frame's points as the segmentation draws them (RGBA per point: the label's colour, the
 * colour mode's, or hidden), or null when no point is labelled and none hidden. Recomputed when
 * the labels change (an edit, an undo), not on every render.
 */
export function useLabelColours(cloud: FrameCloud | null): Uint8Array | null {
  const workbench = useWorkbench();
  const segmentation = segmentationOf(workbench);
  const editor = useEditorInstance();
  const patches = useFramePatches(editor, cloud?.frameId ?? null);
  const ontology = useView((s) => s.ontology);
  const hidden = useStore(segmentation.store, (s) => s.hidden);
  const colourByLabel = useStore(segmentation.store, (s) => s.colourByLabel);
  const colourBy = useStore(segmentation.store, (s) => s.colourBy);
  // `patches` stands for the labels: frameLabels reads them from the editor.
  const frameLabels = useMemo(() => (cloud && editor ? segmentation.frameLabels(editor, cloud) : null), [cloud, editor, patches, segmentation]);
  const labels = frameLabels?.labels ?? null;
  const version = frameLabels?.version ?? -1;
  // The classes' colours change with the ontology only, not with the frame: a step made them anew
  // for every camera panel and the 3D view. `ontology` stands for what segmentation.classes() reads.
  const colours = useMemo(() => new Map(segmentation.classes().map((c) => [c.semantic, c.color])), [ontology, segmentation]);
  const hiddenSet = useMemo(() => new Set(hidden), [hidden]);
  return useMemo(() => {
    if (!labels) return null;
    return labelColours(labels, { colours, hidden: hiddenSet, colourByLabel, colourBy });
    // `version` stands for the labels' content: the array is one buffer updated in place.
  }, [labels, version, hiddenSet, colourByLabel, colourBy, colours]);
}
