// The rules in force: the first rule that matches a request applies to it and is consumed once.
import { POSITIONS_PATHS, type ProxyRule, type RuleHandle } from './types.ts';

interface Entry {
  rule: ProxyRule;
  hits: number;
  remaining: number;
}

function pathsOf(rule: ProxyRule): readonly string[] | undefined {
  if (rule.path !== undefined) return typeof rule.path === 'string' ? [rule.path] : rule.path;
  return rule.mode === 'positions-data-null' || rule.mode === 'positions-bad-size' ? POSITIONS_PATHS : undefined;
}

function matches(rule: ProxyRule, method: string, path: string): boolean {
  if (rule.mode === 'status-on-reads' && method !== 'GET') return false;
  if (rule.method !== undefined && rule.method !== method) return false;
  const paths = pathsOf(rule);
  return paths === undefined || paths.includes(path);
}

export class RuleSet {
  #entries: Entry[] = [];

  add(rule: ProxyRule): RuleHandle {
    const times = rule.times ?? Number.POSITIVE_INFINITY;
    if (!(times > 0)) throw new Error('rule.times must be positive');
    const entry: Entry = { rule, hits: 0, remaining: times };
    this.#entries.push(entry);
    return {
      rule,
      get hits() {
        return entry.hits;
      },
      remove: () => {
        this.#entries = this.#entries.filter((candidate) => candidate !== entry);
      },
    };
  }

  clear(): void {
    this.#entries = [];
  }

  take(method: string, path: string): ProxyRule | undefined {
    const entry = this.#entries.find((candidate) => matches(candidate.rule, method, path));
    if (!entry) return undefined;
    entry.hits += 1;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#entries = this.#entries.filter((candidate) => candidate !== entry);
    return entry.rule;
  }
}
