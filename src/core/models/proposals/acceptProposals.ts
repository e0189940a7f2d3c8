import type { AttributeValue } from '../../annotations/recordFields';
import type { AnnotationChange } from '../../editor/changes';
import type { Editor } from '../../editor/editor';
import { refuse, type TrackEditRefusal } from '../../tracks/trackFrames';
import type { ProposalLink, TrackSettingsChange } from '../../tracks/trackSettings';
import type { Proposal } from './proposal';

export interface AcceptOptions {
  /** The ontology's classes: a proposal of a class outside it takes `fallbackClassId`. */
  readonly classIds: ReadonlySet<string>;
  /** The class a proposal without one (or with one the ontology lacks) is accepted as. */
  readonly fallbackClassId: string;
  /** The attribute values a new object of a class starts with (the ontology's defaults). */
  readonly attributes?: (classId: string) => Readonly<Record<string, AttributeValue>>;
}

export type Accepted = { readonly ok: true; readonly trackIds: readonly string[] } | TrackEditRefusal;

/** The link an accepted proposal's track keeps: its provenance and what it proposed. */
export function proposalLink(p: Proposal): ProposalLink {
  const { model, parameters, at, generator } = p.provenance;
  return { proposalId: p.proposalId, generator, model: { ...model }, parameters: { ...parameters }, at, classId: p.classId, score: p.score };
}

/** The proposals already accepted: each names the track made from it, which still exists. */
export function acceptedProposalIds(editor: Editor): Set<string> {
  const out = new Set<string>();
  for (const [trackId, settings] of editor.storedTrackSettings()) if (settings.proposal && editor.trackOf(trackId)) out.add(settings.proposal.proposalId);
  return out;
}

/**
 * Accepts proposals as annotations, one undo step through the editor's one mutation path: each
 * becomes a new track of one box on its frame, whose settings keep the link to the proposal (so
 * the history and the inspector name the model that proposed it). Proposals already accepted, or
 * on a frame the scene's timeline does not hold, are left out.
 */
export function acceptProposals(editor: Editor, proposals: readonly Proposal[], options: AcceptOptions): Accepted {
  if (!options.classIds.has(options.fallbackClassId)) return refuse(`The ontology has no class "${options.fallbackClassId}"`);
  const already = acceptedProposalIds(editor);
  const todo = proposals.filter((p) => p.sceneId === editor.sceneId && !already.has(p.proposalId) && editor.frameIndexOf(p.frameId) !== undefined);
  if (todo.length === 0) return refuse(proposals.length ? 'These proposals are accepted already' : 'Nothing to accept');
  const changes: AnnotationChange[] = [];
  const settings: TrackSettingsChange[] = [];
  const trackIds: string[] = [];
  for (const p of todo) {
    const trackId = editor.newId();
    const classId = p.classId !== null && options.classIds.has(p.classId) ? p.classId : options.fallbackClassId;
    const after = editor.draftCuboid({ frameId: p.frameId, trackId, classId, cuboid: p.cuboid, attributes: options.attributes?.(classId) });
    changes.push({ objectId: after.objectId, before: null, after });
    settings.push({ trackId, before: null, after: { proposal: proposalLink(p) } });
    trackIds.push(trackId);
  }
  editor.commitChanges(todo.length === 1 ? 'accept proposal' : `accept ${todo.length} proposals`, changes, settings);
  return { ok: true, trackIds };
}
