// Where requests signed with the person's key go. Bitget's own host unless overridden (the simulator in tests, a
// proxy the person chose); an override must be https (plain http only to this machine) and is shown on every surface.
import { readFileSync } from 'node:fs';
import type { ExplainedError, Result } from '../../shared/bitget.ts';
import { ExplainedFailure } from './explained-failure.ts';

export const BITGET_BASE_URL = 'https://api.bitget.com';

export interface Endpoint {
  /** The origin requests go to, e.g. https://api.bitget.com. */
  baseUrl: string;
  /** True when it is not Bitget's own host, or an extra certificate authority is trusted. */
  custom: boolean;
  /** Extra certificate authority (PEM) to trust, and the file it came from. */
  ca?: string;
  caFile?: string;
}

export interface EndpointInput {
  baseUrl?: string | undefined;
  /** Where the value came from, named in errors: "--base-url", "BITGET_PANIC_BASE_URL". */
  baseUrlSource?: string;
  caFile?: string | undefined;
  caFileSource?: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

const refused = (message: string, hint: string): { ok: false; error: ExplainedError } => ({
  ok: false,
  error: { kind: 'bad-input', message, hint: `Nothing was sent. ${hint}` },
});

export function resolveEndpoint(input: EndpointInput): Result<Endpoint> {
  const source = input.baseUrlSource ?? 'the exchange URL';
  let baseUrl = BITGET_BASE_URL;
  if (input.baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(input.baseUrl.trim());
    } catch {
      return refused(`${source} "${input.baseUrl}" is not a URL.`, `Give an https:// origin such as ${BITGET_BASE_URL}, or leave ${source} out to use Bitget.`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
      return refused(
        `${source} "${input.baseUrl}" is not an https:// URL: your API key and signatures would travel unencrypted or to an unknown kind of server.`,
        `Use https:// (plain http:// is allowed only to this computer, e.g. the simulator on 127.0.0.1), or leave ${source} out to use Bitget.`,
      );
    }
    if (url.username || url.password) return refused(`${source} must not carry a user name or password.`, 'Give the origin only, e.g. https://api.bitget.com.');
    if (url.pathname !== '/' || url.search || url.hash) {
      return refused(`${source} "${input.baseUrl}" has a path or query; only the origin is used.`, 'Give the origin only, e.g. https://api.bitget.com.');
    }
    baseUrl = url.origin;
  }
  let ca: string | undefined;
  if (input.caFile !== undefined) {
    const caSource = input.caFileSource ?? 'the certificate file';
    try {
      ca = readFileSync(input.caFile, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      return refused(`${caSource} "${input.caFile}" cannot be read (${reason}).`, `Point ${caSource} at a PEM certificate file, or leave it out.`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
      return refused(`${caSource} "${input.caFile}" is not a PEM certificate.`, `Point ${caSource} at a PEM certificate file, or leave it out.`);
    }
  }
  return {
    ok: true,
    value: {
      baseUrl,
      custom: baseUrl !== BITGET_BASE_URL || ca !== undefined,
      ...(ca !== undefined ? { ca, caFile: input.caFile! } : {}),
    },
  };
}

/** From the environment: BITGET_PANIC_BASE_URL and BITGET_PANIC_CA_FILE (empty counts as unset). */
export function endpointFromEnv(env: NodeJS.ProcessEnv, overrides: { baseUrl?: string | undefined; baseUrlSource?: string } = {}): Result<Endpoint> {
  const fromEnv = env.BITGET_PANIC_BASE_URL === '' ? undefined : env.BITGET_PANIC_BASE_URL;
  const caFile = env.BITGET_PANIC_CA_FILE === '' ? undefined : env.BITGET_PANIC_CA_FILE;
  return resolveEndpoint({
    ...(overrides.baseUrl !== undefined
      ? { baseUrl: overrides.baseUrl, baseUrlSource: overrides.baseUrlSource ?? '--base-url' }
      : { baseUrl: fromEnv, baseUrlSource: 'BITGET_PANIC_BASE_URL' }),
    caFile,
    caFileSource: 'BITGET_PANIC_CA_FILE',
  });
}

/** One line for every surface; undefined for Bitget's own endpoint. */
export function describeCustomEndpoint(endpoint: Pick<Endpoint, 'baseUrl' | 'custom' | 'caFile'>): string | undefined {
  if (!endpoint.custom) return undefined;
  const ca = endpoint.caFile ? `, trusting the certificate in ${endpoint.caFile}` : '';
  return `Exchange endpoint: ${endpoint.baseUrl} (not Bitget's ${BITGET_BASE_URL}${ca})`;
}

export class EndpointError extends ExplainedFailure {}
