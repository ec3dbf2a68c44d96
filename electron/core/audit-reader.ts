// History pages, newest first, read backwards from the end of the audit files in small chunks: memory stays bounded
// whatever the files' size, and the event loop (which the close path shares) gets a turn between chunks.
// A page ends at the start of a line, so each line is read by exactly one page of a paging session.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { auditEntrySchema } from '../../shared/audit-schema.ts';
import type { AuditEntry } from '../../shared/bitget.ts';
import type { HistoryCursor } from '../../shared/schema.ts';
import { liveNumber, type AuditFiles } from './audit-files.ts';

export interface AuditPage {
  /** Newest first, at most `limit` (fewer when they are big: a page holds about 256 kB of entries). */
  entries: AuditEntry[];
  /** Lines in the part of the files this page read that are not entries (torn, not JSON, or JSON of another shape). */
  skipped: number;
  /** Where the next older page starts; absent when this page reached the oldest line kept. */
  older?: HistoryCursor;
}

/** Read at once, then parsed before the next read: a few ms of work per event-loop turn at most. */
const CHUNK_BYTES = 64 * 1024;
/** A longer line is not an entry this app wrote: it is counted as unreadable without holding it in memory. */
const LONGEST_LINE_BYTES = 2 * 1024 * 1024;
/** A page ends after this much of the files even with fewer than `limit` entries (a file of damaged lines). */
const PAGE_SCAN_BYTES = 8 * 1024 * 1024;
/** A page ends once its entries are this big: the reply is scrubbed and sent in one go, a few ms at most. */
const PAGE_ENTRY_BYTES = 256 * 1024;

// Read-only; never follows a symlink; never waits for a writer (a FIFO put in the file's place).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

interface Source {
  number: number;
  handle: FileHandle | undefined;
  size: number;
}

export async function readAuditPage(files: AuditFiles, limit: number, before?: HistoryCursor): Promise<AuditPage> {
  const entries: AuditEntry[] = [];
  let skipped = 0;
  let scanned = 0;
  let entryBytes = 0;
  let source = await openSource(files, before?.file);
  let end = before && source?.number === before.file ? Math.min(before.offset, source.size) : (source?.size ?? 0);
  try {
    while (source) {
      for await (const line of linesBackward(source.handle, end)) {
        scanned += line.bytes;
        if (line.text === undefined) skipped += 1;
        else if (line.text.trim() !== '') {
          const entry = parseAuditLine(line.text);
          if (entry) {
            entries.push(entry);
            entryBytes += line.bytes;
          } else skipped += 1;
        }
        if (entries.length >= limit || entryBytes >= PAGE_ENTRY_BYTES || scanned >= PAGE_SCAN_BYTES) {
          const older = line.start > 0 ? { file: source.number, offset: line.start } : await olderStart(files, source.number);
          return { entries, skipped, ...(older ? { older } : {}) };
        }
      }
      const done = source;
      source = undefined;
      await done.handle?.close();
      const next = done.number > 1 ? await openSource(files, done.number - 1) : undefined;
      if (next && next.number >= done.number) await next.handle?.close();
      else source = next;
      end = source?.size ?? 0;
    }
    return { entries, skipped };
  } finally {
    await source?.handle?.close().catch(() => undefined);
  }
}

/** The start of the file before `number`, or undefined when there is none. */
async function olderStart(files: AuditFiles, number: number): Promise<HistoryCursor | undefined> {
  const rotated = await files.rotatedNumbers();
  const older = rotated.filter((n) => n < number).at(-1);
  return older === undefined ? undefined : { file: older, offset: Number.MAX_SAFE_INTEGER };
}

/**
 * Opens the newest file numbered at most `wanted` (the live file when absent), or undefined when none is left (the
 * wanted one and all older were deleted by rotation). The live file's number is checked again once it is open: a
 * rotation in between would have given it another.
 */
async function openSource(files: AuditFiles, wanted: number | undefined): Promise<Source | undefined> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const rotated = await files.rotatedNumbers();
    const live = liveNumber(rotated);
    const number = wanted === undefined || wanted >= live ? live : rotated.filter((n) => n <= wanted).at(-1);
    if (number === undefined) return undefined;
    const path = number === live ? files.livePath : files.rotatedPath(number);
    const handle = await openForReading(path);
    const renumbered = number === live && liveNumber(await files.rotatedNumbers()) !== live;
    // A rotation renumbered the live file, or deleted the rotated one: look again.
    if (renumbered || (!handle && number !== live)) {
      await handle?.close();
      continue;
    }
    if (!handle) return { number, handle, size: 0 };
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      throw new Error(`${path} is not a regular file`);
    }
    return { number, handle, size: stats.size };
  }
  throw new Error('the audit files kept changing while they were opened');
}

async function openForReading(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, READ_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

interface Line {
  /** The line without its newline; undefined when it was too long to be an entry. */
  text: string | undefined;
  /** Where it starts in the file. */
  start: number;
  /** Its length with its newline. */
  bytes: number;
}

/** The lines of `[0, end)`, last first. A line with no newline after it (torn by a crash) is a line too. */
async function* linesBackward(handle: FileHandle | undefined, end: number): AsyncGenerator<Line> {
  if (!handle) return;
  // The part of the line being assembled that was read so far, in file order; it ends at `lineEnd`.
  let pieces: Buffer[] = [];
  let pieceBytes = 0;
  let tooLong = false;
  let lineEnd = end;
  let position = end;
  const line = (start: number, head: Buffer): Line => {
    const length = lineEnd - start;
    const text = tooLong || length > LONGEST_LINE_BYTES ? undefined : Buffer.concat([head, ...pieces]).toString('utf8');
    const bytes = end === lineEnd ? length : length + 1;
    return { text, start, bytes };
  };
  while (position > 0) {
    const size = Math.min(CHUNK_BYTES, position);
    position -= size;
    const chunk = await readExactly(handle, size, position);
    let cut = size;
    while (cut > 0) {
      const newline = chunk.lastIndexOf(0x0a, cut - 1);
      if (newline < 0) break;
      const start = position + newline + 1;
      // The newline that ends the range's last complete line opens no line after it.
      if (start !== end) yield line(start, chunk.subarray(newline + 1, cut));
      pieces = [];
      pieceBytes = 0;
      tooLong = false;
      lineEnd = position + newline;
      cut = newline;
    }
    if (cut > 0) {
      if (tooLong || pieceBytes + cut > LONGEST_LINE_BYTES) {
        tooLong = true;
        pieces = [];
        pieceBytes = 0;
      } else {
        pieces.unshift(chunk.subarray(0, cut));
        pieceBytes += cut;
      }
    }
    await nextTurn();
  }
  if (pieceBytes > 0 || tooLong) yield line(0, Buffer.alloc(0));
}

async function readExactly(handle: FileHandle, size: number, position: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(buffer, filled, size - filled, position + filled);
    if (bytesRead === 0) throw new Error('the audit file became shorter while it was read');
    filled += bytesRead;
  }
  return buffer;
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
