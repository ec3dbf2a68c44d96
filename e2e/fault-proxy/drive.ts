// Drives the app as its triggers do, through the proxy: the core in this process (as the window, tray and hotkeys
// use it) and the CLI as a child process (as a script or a terminal runs it).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../../electron/core/compose.ts';
import type { PanicTiming } from '../../electron/core/panic.ts';
import { createJsonSettingsStore } from '../../electron/core/settings-file.ts';
import type { Credentials } from '../../electron/simulator/types.ts';

export const CLI_PATH = fileURLToPath(new URL('../../electron/cli.ts', import.meta.url));

export const SHORT_TIMING: Partial<PanicTiming> = { deadlineMs: 2_000, requestTimeoutMs: 400, verifyIntervalMs: 100, retryBackoffMs: 100 };

export function tempDataDir(prefix = 'panic-proof-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A core with one in-memory profile named "test", warmed up (clock synced, connection open) as the app is. */
export async function coreThrough(
  baseUrl: string,
  credentials: Pick<Credentials, 'apiKey' | 'secretKey' | 'passphrase'>,
  options: { dataDir?: string; timing?: Partial<PanicTiming>; demo?: boolean; warm?: boolean } = {},
): Promise<Core> {
  const dataDir = options.dataDir ?? tempDataDir();
  const core = await createCore({
    dataDir,
    settings: createJsonSettingsStore(join(dataDir, 'config.json')),
    baseUrl,
    ephemeralProfiles: [
      { name: 'test', demo: options.demo ?? false, credentials: { apiKey: credentials.apiKey, secretKey: credentials.secretKey, passphrase: credentials.passphrase } },
    ],
    timing: { ...SHORT_TIMING, ...options.timing },
  });
  if (options.warm ?? true) await core.warmUp();
  return core;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliOptions {
  /** BITGET_PANIC_BASE_URL; left out when undefined. */
  baseUrl?: string;
  /** BITGET_API_KEY / _SECRET / _PASSPHRASE for --from-env. */
  credentials?: Pick<Credentials, 'apiKey' | 'secretKey' | 'passphrase'>;
  dataDir: string;
  deadlineMs?: number;
  requestTimeoutMs?: number;
  env?: Record<string, string>;
}

/** `node electron/cli.ts ...args` with a clean environment; resolves when the process has exited. */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliRun> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    BITGET_PANIC_DATA_DIR: options.dataDir,
    BITGET_PANIC_DEADLINE_MS: String(options.deadlineMs ?? 2_000),
    BITGET_PANIC_REQUEST_TIMEOUT_MS: String(options.requestTimeoutMs ?? 400),
    ...(options.baseUrl !== undefined ? { BITGET_PANIC_BASE_URL: options.baseUrl } : {}),
    ...(options.credentials
      ? { BITGET_API_KEY: options.credentials.apiKey, BITGET_API_SECRET: options.credentials.secretKey, BITGET_API_PASSPHRASE: options.credentials.passphrase }
      : {}),
    ...options.env,
  };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.stdin.end('');
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}
