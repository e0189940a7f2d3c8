import { useMemo } from 'react';
import { useStore } from 'zustand';
import { labelColours } from '../../core/segmentation/labelColours';
import type { FrameCloud } from '../state/viewStore';
import { useEditor, useView, useWorkbench } from '../workbench/context';
import { segmentationOf } from './segmentation';

/**
 * The frame's points as the segmentation draws them (RGBA per point: the label's colour, the
 * colour mode's, or hidden), or null when no point is labelled and none hidden. Recomputed when
 * the labels change (an edit, an undo), not on every render.
 */
export function useLabelColours(cloud: FrameCloud | null): Uint8Array | null {
  const workbench = useWorkbench();
  const segmentation = segmentationOf(workbench);
  const editor = useEditor();
  useView((s) => s.revision);
  const ontology = useView((s) => s.ontology);
  const hidden = useStore(segmentation.store, (s) => s.hidden);
  const colourByLabel = useStore(segmentation.store, (s) => s.colourByLabel);
  const colourBy = useStore(segmentation.store, (s) => s.colourBy);
  const frameLabels = cloud && editor ? segmentation.frameLabels(editor, cloud) : null;
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
