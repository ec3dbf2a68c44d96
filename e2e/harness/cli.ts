// Starts the browser-mode harness by hand: `scripts/with-keyring.sh node e2e/harness/cli.ts` and open the printed URL.
import { startHarness } from './server.ts';

const harness = await startHarness();
console.log(`harness: ${harness.url}  (exchange simulator: ${harness.exchange.url}, data: ${harness.dataDir})`);
const stop = () => void harness.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
