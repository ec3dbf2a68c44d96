// How a feed socket reaches a server: `ws` over the network, or anything WebSocket-like (the practice exchange's
// in-memory sockets). The socket logic above only ever sees this.
import WebSocket from 'ws';

export interface SocketHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  /** Called once, whatever ended it (a close, an error, a failed handshake). */
  onClose(reason: string): void;
}

export interface SocketConnection {
  send(text: string): void;
  close(): void;
}

export type SocketTransport = (url: string, handlers: SocketHandlers) => SocketConnection;

const HANDSHAKE_TIMEOUT_MS = 5_000;

/** Real sockets with `ws`; `ca` is the extra certificate authority of a custom endpoint. */
export function wsTransport(options: { ca?: string } = {}): SocketTransport {
  return (url, handlers) => {
    const socket = new WebSocket(url, { handshakeTimeout: HANDSHAKE_TIMEOUT_MS, ...(options.ca ? { ca: options.ca } : {}) });
    let closed = false;
    const end = (reason: string) => {
      if (closed) return;
      closed = true;
      handlers.onClose(reason);
    };
    socket.on('open', () => handlers.onOpen());
    socket.on('message', (data, isBinary) => {
      if (!closed) handlers.onMessage(isBinary ? '' : data.toString());
    });
    socket.on('error', (error) => {
      end(error.message);
      socket.terminate();
    });
    socket.on('close', (code, reason) => end(reason.length > 0 ? `closed by the server (${code}: ${reason.toString()})` : `closed (${code})`));
    return {
      send: (text) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
      },
      close: () => {
        end('closed by us');
        socket.terminate();
      },
    };
  };
}
