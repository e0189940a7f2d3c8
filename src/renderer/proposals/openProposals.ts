import type { Editor } from '../../core/editor/editor';
import { acceptedProposalIds } from '../../core/models/proposals/acceptProposals';
import type { Proposal } from '../../core/models/proposals/proposal';

/** The proposals still waiting for a person: those of the frame no track was accepted from (undoing an accept reopens it). */
export function openProposals(proposals: readonly Proposal[], editor: Editor | null): Proposal[] {
  if (!editor) return [...proposals];
  const accepted = acceptedProposalIds(editor);
  return proposals.filter((p) => !accepted.has(p.proposalId));
}
