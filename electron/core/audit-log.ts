// Append-only JSON lines, one per exchange attempt and per outcome, each fsynced before the next; the file is never
// opened through a symbolic link.
// Entries are built from records that never hold a key, a signature or a passphrase; a scrubber is the last guard.
// A line torn by a crash never swallows the next entry: an append after it starts on a fresh line. The reader checks
// every line against the shared entry schema and counts what it cannot read instead of showing it half-read.
import { mkdirSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { auditEntrySchema } from '../../shared/audit-schema.ts';
import { APPEND_NO_FOLLOW } from './data-folder.ts';
import { createScrubber } from '../../shared/scrub.ts';
import type { AuditEntry } from '../../shared/bitget.ts';

export interface AuditPage {
  /** Newest first, at most `limit`. */
  entries: AuditEntry[];
  /** Lines of the whole file that are not entries (torn, not JSON, or JSON of another shape). */
  skipped: number;
}

export interface AuditLog {
  readonly path: string;
  /** Resolves once the line is on disk (fsynced). */
  append(entry: Omit<AuditEntry, 'time'>): Promise<void>;
  read(limit: number): Promise<AuditPage>;
  /** Resolves when every append so far is on disk. */
  flush(): Promise<void>;
}

export function createAuditLog(filePath: string, secrets: () => string[] = () => []): AuditLog {
  mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
  let queue: Promise<void> = Promise.resolve();

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
      queue = written.catch(() => undefined);
      return written;
    },
    async read(limit) {
      let text: string;
      try {
        text = await readFile(filePath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: 0 };
        throw error;
      }
      const entries: AuditEntry[] = [];
      let skipped = 0;
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        const entry = parseAuditLine(line);
        if (entry) entries.push(entry);
        else skipped += 1;
      }
      return { entries: entries.slice(-limit).reverse(), skipped };
    },
    flush: () => queue,
  };
}

/** One line of the file as an entry, or undefined when it is not one. */
export function parseAuditLine(line: string): AuditEntry | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = auditEntrySchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
