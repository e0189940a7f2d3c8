import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { CommandsProvider } from './commands/CommandsProvider';
import { createClient } from './client/createClient';
import { HOST_LOST, isHostLost } from './client/wsClient';
import { WorkbenchContext } from './workbench/context';
import { Workbench } from './workbench/workbench';
import './styles.css';

const workbench = new Workbench(createClient());
// A call that fails because the host went away (in flight when it stopped, or made after) is told
// on the notice line, and is not reported again as an uncaught error by whichever caller let it go.
window.addEventListener('unhandledrejection', (event) => {
  if (!isHostLost(event.reason)) return;
  event.preventDefault();
  workbench.view.getState().say(`The ${HOST_LOST}: what is edited now is not saved. Reload once Cairn runs again.`);
});
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkbenchContext.Provider value={workbench}>
      <CommandsProvider>
        <App />
      </CommandsProvider>
    </WorkbenchContext.Provider>
  </StrictMode>,
);
