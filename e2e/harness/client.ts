// Typed access to a running harness over HTTP: the contract's channels and the test-only scenario endpoints.
import type { Result, Trigger } from '../../shared/bitget.ts';
import { CHANNELS, type ChannelName, type ContractMap, type HotkeyStatus, type OutcomeEvent } from '../../shared/contract.ts';
import type { z } from 'zod';
import type { Preset, presetSchema } from '../../shared/schema.ts';
import type {
  AccountKind,
  AccountSpec,
  Credentials,
  Fault,
  LiveProductType,
  OpenOrder,
  PlanOrder,
  Position,
  PositionMode,
  PositionSpec,
  RequestLogEntry,
} from '../../electron/simulator/index.ts';

type PresetInput = z.input<typeof presetSchema>;

export interface AccountSnapshot {
  apiKey: string;
  uid: string;
  kind: AccountKind;
  posMode: PositionMode;
  demo: boolean;
  positions: Position[];
  openOrders: OpenOrder[];
  planOrders: PlanOrder[];
  requests: RequestLogEntry[];
  closeRequests: { count: number; times: number[] };
}

export class HarnessClient {
  readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`harness ${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Calls a contract channel exactly as the page's bridge does. */
  invoke<K extends ChannelName>(name: K, payload?: ContractMap[K]['payload']): Promise<Result<ContractMap[K]['reply']>> {
    return this.request('POST', `/invoke/${encodeURIComponent(CHANNELS[name])}`, { payload });
  }

  addAccount(spec: AccountSpec = {}): Promise<Credentials> {
    return this.request('POST', '/test/exchange/accounts', spec);
  }

  account(apiKey: string): Promise<AccountSnapshot> {
    return this.request('GET', `/test/exchange/accounts/${encodeURIComponent(apiKey)}`);
  }

  addPosition(apiKey: string, spec: PositionSpec): Promise<void> {
    return this.request('POST', `/test/exchange/accounts/${encodeURIComponent(apiKey)}/positions`, spec);
  }

  /** `times: Infinity` survives the trip (JSON turns it into null, which the harness reads as Infinity). */
  async addFault(fault: Fault): Promise<string> {
    return (await this.request<{ id: string }>('POST', '/test/exchange/faults', fault)).id;
  }

  fault(id: string): Promise<{ hits: number; remaining: number | 'Infinity' }> {
    return this.request('GET', `/test/exchange/faults/${id}`);
  }

  clearFaults(): Promise<void> {
    return this.request('DELETE', '/test/exchange/faults');
  }

  /** The exchange's WebSocket: 'down' (logins refused, sockets dropped: the live feed falls back to REST), 'up', or
   * 'drop' / 'silence' the sockets open now. */
  webSocket(action: 'down' | 'up' | 'drop' | 'silence'): Promise<void> {
    return this.request('POST', '/test/exchange/ws', { action });
  }

  setMarkPrice(productType: LiveProductType, symbol: string, price: string): Promise<void> {
    return this.request('POST', '/test/exchange/marks', { productType, symbol, price });
  }

  /** Runs a stored preset (by id or name) as a hotkey, the tray or `--close` would in main: the core's runPreset, its
   * event pushed to the window and answered here. */
  trigger(preset: string, trigger: Extract<Trigger, 'hotkey' | 'tray' | 'app-cli'> = 'hotkey'): Promise<OutcomeEvent> {
    return this.request('POST', '/test/trigger', { preset, trigger });
  }

  /** Stores one more preset through the same saveSettings channel the window uses; returns it as saved (with defaults). */
  async addPreset(preset: PresetInput): Promise<Preset> {
    const current = await this.invoke('getSettings');
    if (!current.ok) throw new Error(`getSettings failed: ${current.error.message}`);
    const saved = await this.invoke('saveSettings', { ...current.value, presets: [...current.value.presets, preset] });
    if (!saved.ok) throw new Error(`saveSettings failed: ${saved.error.message}`);
    return saved.value.presets.find((item) => item.id === preset.id)!;
  }

  setAppStatus(status: { hotkeys?: HotkeyStatus[]; notices?: string[] }): Promise<unknown> {
    return this.request('POST', '/test/app-status', status);
  }

  /** A simulated account plus a stored profile for it (through the same saveProfile channel the window uses). */
  async profileFor(name: string, spec: AccountSpec & { wrongPassphrase?: boolean } = {}): Promise<Credentials> {
    const { wrongPassphrase, ...accountSpec } = spec;
    const credentials = await this.addAccount(accountSpec);
    const saved = await this.invoke('saveProfile', {
      name,
      demo: accountSpec.demo ?? false,
      credentials: {
        apiKey: credentials.apiKey,
        secretKey: credentials.secretKey,
        passphrase: wrongPassphrase ? `${credentials.passphrase}-wrong` : credentials.passphrase,
      },
    });
    if (!saved.ok) throw new Error(`saveProfile failed: ${saved.error.message}`);
    return credentials;
  }
}
