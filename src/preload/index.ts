import { contextBridge, ipcRenderer } from 'electron';

type IpcReply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

/** The contract over IPC, exposed as `window.cairn`. Nothing else of Electron reaches the page. */
contextBridge.exposeInMainWorld('cairn', {
  call: async (name: string, input: unknown): Promise<unknown> => {
    const reply = (await ipcRenderer.invoke('cairn:call', name, input)) as IpcReply;
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return reply.result;
  },
  on: (name: string, listener: (payload: unknown) => void): (() => void) => {
    const handler = (_event: unknown, eventName: string, payload: unknown) => {
      if (eventName === name) listener(payload);
    };
    ipcRenderer.on('cairn:event', handler);
    return () => ipcRenderer.removeListener('cairn:event', handler);
  },
  dataBaseUrl: 'cairn-data://',
  setMenu: (commands: unknown): void => ipcRenderer.send('cairn:menu', commands),
  pickFolder: async (title: string): Promise<string | null> => (await ipcRenderer.invoke('cairn:pick-folder', title)) as string | null,
  onMenuCommand: (listener: (commandId: string) => void): (() => void) => {
    const handler = (_event: unknown, commandId: string) => listener(commandId);
    ipcRenderer.on('cairn:menu-command', handler);
    return () => ipcRenderer.removeListener('cairn:menu-command', handler);
  },
});
