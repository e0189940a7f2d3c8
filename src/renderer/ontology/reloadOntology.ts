import { defaultAttributes } from '../../core/ontology/attributes';
import { listAllAnnotations } from '../state/listAllAnnotations';
import { Session } from '../state/session';
import type { Workbench } from '../workbench/workbench';

/**
 * Takes the window to the host's current ontology version: the class list and colours, and a
 * fresh editing session whose new records are made under it, holding the records as the
 * migration left them. Operations not yet written are written first, under the old session.
 */
export async function reloadOntology(wb: Workbench): Promise<void> {
  const ontology = await wb.client.call('ontology.get', {});
  wb.view.getState().ontologyChanged(ontology);
  const session = wb.session;
  if (!session || session.editor.ontologyVersion === ontology.version) return;
  await session.flushed();
  const records = await listAllAnnotations(wb.client, session.sceneId);
  if (wb.session !== session) return; // another scene opened meanwhile
  const { editor } = session;
  wb.setSession(
    new Session(wb.client, wb.view, session.sceneId, editor.author, records, {
      ontologyVersion: ontology.version,
      frameOrder: editor.frameOrder,
      attributeDefaults: (classId) => defaultAttributes(ontology, classId),
      // A migration changes records, never tracks' settings: the new session keeps them.
      initialTrackSettings: new Map(editor.storedTrackSettings()),
    }),
  );
  wb.view.getState().editorChanged(true);
}

/** Follows versions published by any client; returns the unsubscribe. */
export function watchOntology(wb: Workbench): () => void {
  return wb.client.on('ontology.published', () => {
    reloadOntology(wb).catch((e: Error) => wb.view.getState().say(`The new ontology version could not be loaded: ${e.message}`));
  });
}
