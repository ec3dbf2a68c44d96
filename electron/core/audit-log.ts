// Append-only JSON lines, one per exchange attempt and per outcome, each fsynced before the next; the file is never
// opened through a symbolic link.
// Entries are built from records that never hold a key, a signature or a passphrase; a scrubber is the last guard.
// A line torn by a crash never swallows the next entry: an append after it starts on a fresh line. The reader checks
// every line against the shared entry schema and counts what it cannot read instead of showing it half-read; it reads
// pages from the end (audit-reader.ts). The file rotates by size (audit-files.ts) after an append, never before one.
import { mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { APPEND_NO_FOLLOW } from './data-folder.ts';
import { createScrubber } from '../../shared/scrub.ts';
import type { AuditEntry } from '../../shared/bitget.ts';
import type { HistoryCursor } from '../../shared/schema.ts';
import { auditFiles, DEFAULT_AUDIT_ROTATION, rotateIfFull, type AuditRotation } from './audit-files.ts';
import { readAuditPage, type AuditPage } from './audit-reader.ts';

export { parseAuditLine, type AuditPage } from './audit-reader.ts';

export interface AuditLog {
  readonly path: string;
  /** Resolves once the line is on disk (fsynced). */
  append(entry: Omit<AuditEntry, 'time'>): Promise<void>;
  /** The newest `limit` entries before `before` (the newest of all when absent), newest first, across rotated files. */
  read(limit: number, before?: HistoryCursor): Promise<AuditPage>;
  /** Resolves when every append so far is on disk (and a rotation it started has finished). */
  flush(): Promise<void>;
}

export function createAuditLog(filePath: string, secrets: () => string[] = () => [], rotation: AuditRotation = DEFAULT_AUDIT_ROTATION): AuditLog {
  mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
  const files = auditFiles(filePath);
  let queue: Promise<void> = Promise.resolve();
  // Off the append queue: the next append (a close's attempt line) never waits for a rotation.
  let rotating: Promise<unknown> | undefined;
  const rotateSoon = () => {
    rotating ??= rotateIfFull(files, rotation).finally(() => (rotating = undefined));
  };

  async function write(line: string): Promise<void> {
    const handle = await open(filePath, APPEND_NO_FOLLOW, 0o600);
    try {
      const { size } = await handle.stat();
      let text = line;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) text = `\n${line}`;
      }
      await handle.write(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    path: filePath,
    append(entry) {
      // Scrubbed on the raw strings before JSON encodes them (a passphrase with " or \ changes when escaped), then once
      // more on the encoded line as the last guard.
      const scrubber = createScrubber(secrets());
      const line = `${scrubber.text(JSON.stringify(scrubber.value({ time: new Date().toISOString(), ...entry })))}\n`;
      const written = queue.then(() => write(line));
      queue = written.then(rotateSoon, () => undefined);
      return written;
    },
    read: (limit, before) => readAuditPage(files, limit, before),
    flush: async () => {
      await queue;
      await rotating;
    },
  };
}
