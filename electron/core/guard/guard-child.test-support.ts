// Test support: a separate process running an app core with the guard on (its own live feed) against the simulator,
// so a test can kill it with -9. Configured by GUARD_CHILD (JSON: dataDir, baseUrl, credentials); says "ready", and
// writes each guard notification as a line "notify: …" (what a person would be told).
import { join } from 'node:path';
import { createCore } from '../compose.ts';
import { createJsonSettingsStore } from '../settings-file.ts';

const { dataDir, baseUrl, credentials } = JSON.parse(process.env.GUARD_CHILD ?? '{}') as { dataDir: string; baseUrl: string; credentials: { apiKey: string; secretKey: string; passphrase: string } };
const core = await createCore({
  dataDir,
  settings: createJsonSettingsStore(join(dataDir, 'config.json')),
  baseUrl,
  ephemeralProfiles: [{ name: 'test', demo: false, credentials }],
  guard: true,
  notifyGuard: (_status, message) => process.stdout.write(`notify: ${message}\n`),
  feedLog: () => undefined,
  feedTiming: { socket: { pingIntervalMs: 150, pongTimeoutMs: 200, readyTimeoutMs: 1_500, backoffBaseMs: 30, backoffMaxMs: 200, refusedRetryMs: 300 }, pollIntervalMs: 100 },
});
await core.warmUp();
process.stdout.write('ready\n');
