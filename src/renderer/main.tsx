import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { CommandsProvider } from './commands/CommandsProvider';
import { createClient } from './client/createClient';
import './styles.css';

const client = createClient();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CommandsProvider client={client}>
      <App client={client} />
    </CommandsProvider>
  </StrictMode>,
);
