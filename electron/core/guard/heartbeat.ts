// `<dataDir>/guard-status.json`: what the process running the guard last saw, so the CLI can tell whether anything is
// watching. Written atomically (a temporary file renamed over it); read back fail-closed (unreadable = no heartbeat).
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { GuardStatus } from '../../../shared/guard.ts';

export const HEARTBEAT_FILE = 'guard-status.json';
/** A heartbeat older than this means nothing is watching (it is written every ~2 s). */
export const HEARTBEAT_FRESH_MS = 10_000;

export interface GuardHeartbeat {
  writtenAt: string;
  pid: number;
  guards: GuardStatus[];
}

const heartbeatSchema = z.object({
  writtenAt: z.iso.datetime(),
  pid: z.number().int(),
  // The statuses are the core's own output; only their outline is checked here.
  guards: z.array(z.looseObject({ profile: z.string(), state: z.string(), messages: z.array(z.string()) })),
});

export async function writeHeartbeat(dataDir: string, heartbeat: GuardHeartbeat): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const target = join(dataDir, HEARTBEAT_FILE);
  const temporary = `${target}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(heartbeat)}\n`, { mode: 0o600 });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The heartbeat on disk, or undefined when there is none or it cannot be read. */
export async function readHeartbeat(dataDir: string): Promise<GuardHeartbeat | undefined> {
  try {
    const parsed = heartbeatSchema.safeParse(JSON.parse(await readFile(join(dataDir, HEARTBEAT_FILE), 'utf8')));
    return parsed.success ? (parsed.data as unknown as GuardHeartbeat) : undefined;
  } catch {
    return undefined;
  }
}

export function isFresh(heartbeat: GuardHeartbeat | undefined, now: number): heartbeat is GuardHeartbeat {
  if (!heartbeat) return false;
  const age = now - Date.parse(heartbeat.writtenAt);
  return age >= -HEARTBEAT_FRESH_MS && age <= HEARTBEAT_FRESH_MS;
}
