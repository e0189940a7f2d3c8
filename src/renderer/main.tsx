import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { CommandsProvider } from './commands/CommandsProvider';
import { createClient } from './client/createClient';
import { WorkbenchContext } from './workbench/context';
import { Workbench } from './workbench/workbench';
import './styles.css';

const workbench = new Workbench(createClient());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkbenchContext.Provider value={workbench}>
      <CommandsProvider>
        <App />
      </CommandsProvider>
    </WorkbenchContext.Provider>
  </StrictMode>,
);
