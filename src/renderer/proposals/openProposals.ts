import { useCallback } from 'react';
import type { Editor } from '../../core/editor/editor';
import { acceptedProposalIds } from '../../core/models/proposals/acceptProposals';
import type { Proposal } from '../../core/models/proposals/proposal';
import { notPoseOnly, sameItems, useEditorSelect } from '../workbench/context';

const NONE: readonly Proposal[] = [];

/** The proposals still waiting for a person: those of the frame no track was accepted from (undoing an accept reopens it). */
export function openProposals(proposals: readonly Proposal[], editor: Editor | null): Proposal[] {
  if (!editor) return [...proposals];
  const accepted = acceptedProposalIds(editor);
  return proposals.filter((p) => !accepted.has(p.proposalId));
}

/**
 * The open proposals among `proposals` (none while `current` is false: the list read is another
 * frame's), following the editor: an accept, its undo, a delete of the track. A box's moves accept
 * nothing, so a drag leaves the list, and whoever shows it, alone.
 */
export function useOpenProposals(proposals: readonly Proposal[], current: boolean): readonly Proposal[] {
  const select = useCallback((editor: Editor | null) => (current ? openProposals(proposals, editor) : NONE), [proposals, current]);
  return useEditorSelect(select, sameItems, notPoseOnly);
}
