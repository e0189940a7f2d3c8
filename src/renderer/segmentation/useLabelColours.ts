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
  return useMemo(() => {
    if (!labels) return null;
    const colours = new Map(segmentation.classes().map((c) => [c.semantic, c.color]));
    return labelColours(labels, { colours, hidden: new Set(hidden), colourByLabel, colourBy });
    // `version` stands for the labels' content: the array is one buffer updated in place.
  }, [labels, version, hidden, colourByLabel, colourBy, ontology, segmentation]);
}
