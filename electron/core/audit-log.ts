// Append-only JSON lines, one per exchange attempt and per outcome, each fsynced before the next.
// Entries are built from records that never hold a key, a signature or a passphrase; `scrub` is the last guard.
import { mkdirSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditEntry } from '../../shared/bitget.ts';

export interface AuditLog {
  readonly path: string;
  append(entry: Omit<AuditEntry, 'time'>): Promise<void>;
  /** Newest first. Lines that cannot be read are reported as entries of their own, not dropped silently. */
  read(limit: number): Promise<AuditEntry[]>;
  /** Resolves when every append so far is on disk. */
  flush(): Promise<void>;
}

export function createAuditLog(filePath: string, secrets: () => string[] = () => []): AuditLog {
  mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
  let queue: Promise<void> = Promise.resolve();

  async function write(line: string): Promise<void> {
    const handle = await open(filePath, 'a', 0o600);
    try {
      await handle.write(line);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    path: filePath,
    append(entry) {
      const line = `${scrub(JSON.stringify({ time: new Date().toISOString(), ...entry }), secrets())}\n`;
      const written = queue.then(() => write(line));
      queue = written.catch(() => undefined);
      return written;
    },
    async read(limit) {
      let text: string;
      try {
        text = await readFile(filePath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const lines = text.split('\n').filter((line) => line.trim() !== '');
      return lines
        .slice(-limit)
        .reverse()
        .map((line) => {
          try {
            return JSON.parse(line) as AuditEntry;
          } catch {
            return { time: '', type: 'outcome', message: `unreadable audit line: ${line.slice(0, 120)}` } satisfies AuditEntry;
          }
        });
    },
    flush: () => queue,
  };
}

/** Replace any known secret that slipped into a line. Short strings are not secrets and are left alone. */
export function scrub(line: string, secrets: string[]): string {
  return secrets.filter((secret) => secret.length >= 6).reduce((text, secret) => text.split(secret).join('[redacted]'), line);
}
