import { useCallback, useMemo, useRef } from 'react';
import { toolFrameOf } from '../viewer/useToolManager';
import { useEditor, useView } from '../workbench/context';
import { BoxViews } from './BoxViews';

/** The box views as a panel of the workbench: the open scene's editor, the frame on screen, the selection. */
export function BoxViewsPanel() {
  const editor = useEditor();
  const cloud = useView((s) => s.cloud);
  const selectedId = useView((s) => s.selectedId);
  const revision = useView((s) => s.revision);
  const sayLine = useView((s) => s.say);
  const unsay = useView((s) => s.unsay);
  const said = useRef<string | null>(null);
  // The notice line is shared: a clear takes back only what the box views said.
  const say = useCallback(
    (message: string | null) => {
      if (message !== null) sayLine(message);
      else if (said.current !== null) unsay(said.current);
      said.current = message;
    },
    [sayLine, unsay],
  );
  // One frame object per cloud: the views project its points again only when it changes.
  const frame = useMemo(() => toolFrameOf(cloud), [cloud]);
  return <BoxViews editor={editor} frame={frame} selectedId={selectedId} revision={revision} say={say} />;
}
