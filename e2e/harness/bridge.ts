// Runs in the page before the app: window.panic = createPanicApi(fetch to the harness, server-sent events).
// Bundled on the fly by the harness (never part of the production renderer).
import { createPanicApi, type Invoke, type Subscribe } from '../../shared/contract.ts';

interface MessageEventLike {
  data: string;
}
interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEventLike) => void): void;
  removeEventListener(type: string, listener: (event: MessageEventLike) => void): void;
}
const page = globalThis as unknown as {
  panic?: unknown;
  EventSource: new (url: string) => EventSourceLike;
};

const fetchInvoke: Invoke = async (channel, payload) => {
  const response = await fetch(`/invoke/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload }),
  });
  if (!response.ok) throw new Error(`harness answered HTTP ${response.status} for ${channel}`);
  return response.json();
};

let source: EventSourceLike | undefined;
const sseSubscribe: Subscribe = (event, listener) => {
  source ??= new page.EventSource('/events');
  const handle = (message: MessageEventLike) => listener(JSON.parse(message.data));
  source.addEventListener(event, handle);
  return () => source?.removeEventListener(event, handle);
};

page.panic = createPanicApi(fetchInvoke, sseSubscribe);
