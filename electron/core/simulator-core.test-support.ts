// Test support: a fresh exchange simulator on loopback for each test, and a warmed-up core with one ephemeral profile
// ("test") against it; both closed after the test. For integration tests that drive the whole core over real HTTP.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { startExchange } from '../simulator/index.ts';
import type { Credentials } from '../simulator/types.ts';
import { createCore, type Core, type CoreOptions } from './compose.ts';
import { createJsonSettingsStore } from './settings-file.ts';

export type Exchange = Awaited<ReturnType<typeof startExchange>>;

export interface SimulatorCores {
  /** This test's simulator. */
  readonly exchange: Exchange;
  /** The core made by the last `coreFor` of this test, if any. */
  readonly core: Core | undefined;
  /** A core whose profile "test" uses these credentials, warmed up. */
  coreFor(credentials: Credentials): Promise<Core>;
}

export function useSimulatorCores(options: {
  tmpPrefix: string;
  demo?: boolean;
  core?: Omit<Partial<CoreOptions>, 'dataDir' | 'settings' | 'baseUrl' | 'ephemeralProfiles'>;
}): SimulatorCores {
  let exchange: Exchange | undefined;
  let core: Core | undefined;
  beforeEach(async () => {
    exchange = await startExchange();
  });
  afterEach(async () => {
    await core?.dispose();
    core = undefined;
    await exchange?.close();
  });
  return {
    get exchange() {
      if (!exchange) throw new Error('the simulator starts in beforeEach: use it inside a test');
      return exchange;
    },
    get core() {
      return core;
    },
    async coreFor(credentials) {
      const dataDir = mkdtempSync(join(tmpdir(), options.tmpPrefix));
      core = await createCore({
        ...options.core,
        dataDir,
        settings: createJsonSettingsStore(join(dataDir, 'config.json')),
        baseUrl: this.exchange.url,
        ephemeralProfiles: [{ name: 'test', demo: options.demo ?? false, credentials }],
      });
      await core.warmUp();
      return core;
    },
  };
}
