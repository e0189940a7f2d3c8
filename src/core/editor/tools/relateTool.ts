import { allowedPredicates } from '../../annotations/relation/allowed';
import type { NewRelation } from '../../annotations/relation/edit';
import type { Editor } from '../editor';
import { classOfTrack, trackSpan } from '../relationEdits';
import type { ToolOverlay } from './context';
import { movedBeyondSlop, type ToolPointerEvent } from './events';
import { trackOfInterpolatedId } from './frameBoxes';
import { StateNode } from './stateNode';
import { defineTool, type ToolDefinition } from './toolManager';

export const RELATE_TOOL_ID = 'relate';

/** One end of the relation being drawn: the box clicked and the object (track) it belongs to. */
interface End {
  readonly boxId: string;
  readonly trackId: string;
  readonly classId: string;
}

/** The relation the annotator is about to store: both ends, the predicates the ontology allows between them, and the default range (the subject's span). */
export interface RelationDraft {
  readonly subjectTrackId: string;
  readonly objectTrackId: string;
  readonly subjectClass: string;
  readonly objectClass: string;
  /** In the ontology's order; never empty. */
  readonly predicates: readonly string[];
  readonly firstFrameId: string;
  readonly lastFrameId: string;
}

/** The draft as a new relation, once a predicate (and perhaps another range) is chosen. */
export function draftRelation(draft: RelationDraft, predicate: string, range?: { readonly firstFrameId: string; readonly lastFrameId: string }): NewRelation {
  return {
    subjectTrackId: draft.subjectTrackId,
    objectTrackId: draft.objectTrackId,
    predicate,
    firstFrameId: range?.firstFrameId ?? draft.firstFrameId,
    lastFrameId: range?.lastFrameId ?? draft.lastFrameId,
  };
}

/** The object a box id shows (a stored box or a track's interpolated one), or null when it is no box that can be related. */
function endOf(editor: Editor, boxId: string | null): End | null {
  if (boxId === null) return null;
  const trackId = trackOfInterpolatedId(boxId) ?? editor.get(boxId)?.trackId;
  const classId = trackId === undefined ? undefined : classOfTrack(editor, trackId);
  return trackId === undefined || classId === undefined ? null : { boxId, trackId, classId };
}

/** Going back to rest from within the tool: the selection is not taken as a new subject then. */
const BACK_TO_REST = { fromTool: true } as const;

/** A state that acts on clicks: a press and a release within the slop, with the primary button. */
abstract class Clicking extends StateNode {
  private pressedAt: readonly [number, number] | null = null;

  override onPointerDown(e: ToolPointerEvent): void {
    this.pressedAt = e.button === 0 ? e.screen : null;
  }

  override onPointerUp(e: ToolPointerEvent): void {
    const start = this.pressedAt;
    this.pressedAt = null;
    // A drag is the view orbiting or panning, not a pick.
    if (start === null || e.button !== 0 || movedBeyondSlop(start, e.screen)) return;
    this.onClick(e);
  }

  abstract onClick(e: ToolPointerEvent): void;

  override onCancel(): void {
    this.goTo('idle', BACK_TO_REST);
  }
}

class Idle extends Clicking {
  readonly id = 'idle';

  // Taking up the tool with a box selected (in the 3D view or the object list) makes it the subject.
  override onEnter(info: unknown): void {
    if (info === BACK_TO_REST) return;
    const subject = endOf(this.ctx.editor, this.ctx.selectedId());
    if (subject) this.goTo('subject', subject);
    else this.ctx.say('Relate: click the subject, then the object.');
  }

  onClick(e: ToolPointerEvent): void {
    const subject = endOf(this.ctx.editor, e.hit.objectId);
    if (!subject) return this.ctx.say('Relate: click a box, the subject of the relation.');
    this.ctx.select(subject.boxId);
    this.goTo('subject', subject);
  }
}

class Subject extends Clicking {
  protected subject: End | null = null;
  private shown: ToolOverlay | null = null;

  readonly id: string = 'subject';

  override onEnter(info: unknown): void {
    this.subject = info as End;
    this.shown = { kind: 'relate', subjectTrackId: this.subject.trackId, draft: null };
    if (this.id === 'subject') this.ctx.say('Relate: click the object (or select it in the list and press Enter).');
  }

  onClick(e: ToolPointerEvent): void {
    this.pickObject(e.hit.objectId);
  }

  // Enter takes the selection as the object: how an object picked in the list becomes one.
  override onKeyDown(e: { readonly key: string }): void {
    if (e.key === 'Enter') this.pickObject(this.ctx.selectedId());
  }

  private pickObject(boxId: string | null): void {
    const subject = this.subject!;
    const object = endOf(this.ctx.editor, boxId);
    if (!object) return this.ctx.say('Relate: click a box, the object of the relation.');
    if (object.trackId === subject.trackId) return this.ctx.say('Relate: a relation joins two different objects; click the other one.');
    const ontology = this.ctx.ontology?.() ?? null;
    if (!ontology) return this.ctx.say('Relate: no ontology is loaded, so no relation can be drawn.');
    const predicates = allowedPredicates(ontology, subject.classId, object.classId).map((r) => r.predicate);
    if (predicates.length === 0) {
      const name = (id: string) => ontology.classes.find((c) => c.classId === id)?.name ?? id;
      return this.ctx.say(`Relate: the ontology has no relation from a ${name(subject.classId)} to a ${name(object.classId)}.`);
    }
    const span = trackSpan(this.ctx.editor, subject.trackId)!;
    this.ctx.say(null);
    this.goTo('choosing', {
      subject,
      draft: { subjectTrackId: subject.trackId, objectTrackId: object.trackId, subjectClass: subject.classId, objectClass: object.classId, predicates, ...span },
    });
  }

  override overlay(): ToolOverlay | null {
    return this.shown;
  }
}

/** Both ends are picked: the view's picker offers the predicates and the range; another click changes the object. */
class Choosing extends Subject {
  override readonly id = 'choosing';
  private draftOverlay: ToolOverlay | null = null;

  override onEnter(info: unknown): void {
    const { subject, draft } = info as { subject: End; draft: RelationDraft };
    super.onEnter(subject);
    this.draftOverlay = { kind: 'relate', subjectTrackId: subject.trackId, draft };
  }

  override overlay(): ToolOverlay | null {
    return this.draftOverlay;
  }
}

/**
 * Relate: click the subject (or take up the tool with it selected), click the object (or select
 * it in the object list and press Enter); the overlay then carries the draft, which the view's
 * picker completes with a predicate the ontology allows between the two classes and a frame range
 * (the subject's span unless changed). Escape starts over; a drag orbits and picks nothing.
 */
export const relateTool: ToolDefinition = defineTool(RELATE_TOOL_ID, [Idle, Subject, Choosing]);
