// The exchange's clock, as an offset from ours: requests are stamped with exchange time, so a skewed
// local clock never gets a request refused. Each sync also keeps the pooled connection warm.
import { envelopeSchema, serverTimeSchema } from '../../../shared/exchange-schema.ts';
import type { HttpPool } from './http.ts';

export const SERVER_TIME_PATH = '/api/v2/public/time';

export interface ExchangeClock {
  /** Exchange time in milliseconds, as a string for ACCESS-TIMESTAMP. */
  timestamp(): string;
  readonly offsetMs: number;
  readonly synced: boolean;
  sync(): Promise<number>;
  /** Re-sync every intervalMs until stop(); failures are kept for the next try, never thrown. */
  startAutoSync(intervalMs: number): void;
  stop(): void;
}

export function createExchangeClock(pool: HttpPool, timeoutMs = 3_000): ExchangeClock {
  let offsetMs = 0;
  let synced = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<number> | undefined;

  async function syncOnce(): Promise<number> {
    const sentAt = Date.now();
    const response = await pool.send({ method: 'GET', pathWithQuery: SERVER_TIME_PATH, headers: { locale: 'en-US' }, timeoutMs });
    const receivedAt = Date.now();
    const envelope = envelopeSchema.parse(JSON.parse(response.text));
    const { serverTime } = serverTimeSchema.parse(envelope.data);
    const server = Number(serverTime);
    if (!Number.isFinite(server)) throw new Error(`server time "${serverTime}" is not a number`);
    offsetMs = Math.round(server - (sentAt + receivedAt) / 2);
    synced = true;
    return offsetMs;
  }

  return {
    timestamp: () => String(Date.now() + offsetMs),
    get offsetMs() {
      return offsetMs;
    },
    get synced() {
      return synced;
    },
    sync() {
      inFlight ??= syncOnce().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    startAutoSync(intervalMs) {
      if (timer) return;
      timer = setInterval(() => {
        this.sync().catch(() => undefined);
      }, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
