// The whole bridge: the contract's API over ipcRenderer.invoke, and event subscription. Bundled to CommonJS
// (sandboxed preloads can be neither ESM nor require local files).
import { contextBridge, ipcRenderer } from 'electron';
import { createPanicApi, isChannel, type Invoke } from '../../shared/contract.ts';
import { createSubscribe } from './subscribe.ts';

const invoke: Invoke = (channel, payload) =>
  isChannel(channel) ? ipcRenderer.invoke(channel, payload) : Promise.reject(new Error('unknown channel'));

contextBridge.exposeInMainWorld('panic', createPanicApi(invoke, createSubscribe(ipcRenderer)));
