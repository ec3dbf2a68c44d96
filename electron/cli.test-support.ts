// The CLI as a script runs it, for the integration tests: a child process of electron/cli.ts against the simulator.
import { spawn, type StdioOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AccountSpec, Credentials } from './simulator/types.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** Two USDT-FUTURES positions: BTCUSDT long 0.5, ETHUSDT short 2. */
export const BTC_LONG_ETH_SHORT: AccountSpec = {
  positions: [
    { productType: 'USDT-FUTURES', symbol: 'BTCUSDT', holdSide: 'long', size: '0.5' },
    { productType: 'USDT-FUTURES', symbol: 'ETHUSDT', holdSide: 'short', size: '2' },
  ],
};

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a run against the simulator at `url`: short deadlines, credentials for --from-env when given. */
export function simulatorCliEnv(options: { url: string; dataDir: string; credentials?: Credentials | undefined; env?: Record<string, string> | undefined }): Record<string, string> {
  const { credentials } = options;
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    BITGET_PANIC_DATA_DIR: options.dataDir,
    BITGET_PANIC_BASE_URL: options.url,
    BITGET_PANIC_DEADLINE_MS: '4000',
    BITGET_PANIC_REQUEST_TIMEOUT_MS: '600',
    ...(process.env.DBUS_SESSION_BUS_ADDRESS ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS } : {}),
    ...(credentials ? { BITGET_API_KEY: credentials.apiKey, BITGET_API_SECRET: credentials.secretKey, BITGET_API_PASSPHRASE: credentials.passphrase } : {}),
    ...options.env,
  };
}

/**
 * Runs the CLI with `args`, `stdin` as its whole input. Its stdout goes to a pipe read here (default), to a file
 * descriptor, or to a pipe closed at once (its first write meets EPIPE).
 */
export function runCliProcess(args: string[], options: { env: Record<string, string>; stdin?: string | undefined; stdout?: 'pipe' | number | 'closed-pipe' }): Promise<CliRun> {
  const target = options.stdout ?? 'pipe';
  const stdio: StdioOptions = ['pipe', typeof target === 'number' ? target : 'pipe', 'pipe'];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: options.env, stdio });
    let stdout = '';
    let stderr = '';
    if (target === 'closed-pipe') child.stdout!.destroy();
    else child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin!.end(options.stdin ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
