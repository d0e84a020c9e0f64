/**
 * Runs in the sandboxed renderer before the page. It exposes one function,
 * `window.ducha.invoke(method, input)`, and nothing of Node or Electron.
 */
import { contextBridge, ipcRenderer } from 'electron';

const IPC_CHANNEL = 'ducha:invoke';

contextBridge.exposeInMainWorld('ducha', {
  invoke: (method: string, input: unknown): Promise<unknown> => {
    if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
    return ipcRenderer.invoke(IPC_CHANNEL, method, input);
  },
});
