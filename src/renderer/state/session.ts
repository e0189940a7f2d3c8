import type { Operation } from '../../core/editor/changes';
import { Editor, type EditorOptions } from '../../core/editor/editor';
import { trackOfInterpolatedId } from '../../core/editor/tools/frameBoxes';
import { newId } from '../../core/model/ids';
import type { CairnClient } from '../../shared/client';
import { watchFrameBoxes } from './frameBoxesCache';
import { listAllAnnotations } from './listAllAnnotations';
import { listAllTrackSettings } from './listAllTrackSettings';
import type { ViewStore } from './viewStore';

/**
 * One open scene: the editor (outside React, like tldraw's) and the queue that writes each of its
 * operations to the host in order. A rejected write reloads the saved state and says so.
 */
export class Session {
  readonly clientId = newId();
  readonly editor: Editor;
  private queue: Promise<void> = Promise.resolve();
  private readonly disposers: Array<() => void> = [];

  constructor(
    readonly client: CairnClient,
    private readonly view: ViewStore,
    readonly sceneId: string,
    author: string,
    initial: Parameters<Editor['reset']>[0],
    /** The ontology version new records are made under (and their attribute defaults), the scene's frames in timeline order and its tracks' settings. */
    scene: Pick<EditorOptions, 'ontologyVersion' | 'frameOrder' | 'initialTrackSettings' | 'attributeDefaults'>,
  ) {
    this.editor = new Editor({ sceneId, author, initial, ...scene });
    watchFrameBoxes(this.editor);
    this.disposers.push(
      this.editor.subscribe((edit) => {
        const { selectedId, editorChanged } = this.view.getState();
        // A track's interpolated id stays selected while the track lasts (an edit turns it into a keyframe).
        const track = selectedId === null ? null : trackOfInterpolatedId(selectedId);
        editorChanged(selectedId === null || this.editor.get(selectedId) !== undefined || (track !== null && this.editor.trackOf(track) !== undefined), edit);
      }),
      this.editor.onOperation((op) => this.persist(op)),
      client.on(
        'annotations.applied',
        ({ clientId, op }) => {
          if (clientId !== this.clientId && op.sceneId === this.sceneId) this.editor.applyRemote(op.changes, op.trackSettings);
        },
        // This client's own edits come back too: dropped before their operation is validated.
        { ignore: (raw) => typeof raw === 'object' && raw !== null && (raw as { clientId?: unknown }).clientId === this.clientId },
      ),
    );
  }

  /** Resolves once every operation issued so far has been written (or rejected). */
  flushed(): Promise<void> {
    return this.queue;
  }

  dispose(): void {
    for (const d of this.disposers) d();
  }

  private persist(op: Operation): void {
    const view = () => this.view.getState();
    view().writeQueued();
    this.queue = this.queue.then(async () => {
      try {
        await this.client.call('annotations.apply', { clientId: this.clientId, op });
        view().writeSaved();
      } catch (e) {
        const message = (e as Error).message;
        view().writeFailed(message);
        await this.reload(`Your change "${op.label}" was not saved: ${message}. Showing the saved state.`);
      }
    });
  }

  private async reload(notice: string): Promise<void> {
    try {
      const [records, trackSettings] = await Promise.all([listAllAnnotations(this.client, this.sceneId), listAllTrackSettings(this.client, this.sceneId)]);
      this.editor.reset(records, trackSettings);
      this.view.getState().say(notice);
    } catch (e) {
      this.view.getState().say(`${notice} (reload failed: ${(e as Error).message})`);
    }
  }
}
