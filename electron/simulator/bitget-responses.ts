// The exchange's own answers (../shared/bitget-responses and ../shared/bitget-live, outside the repository) and a way
// to compare JSON by shape.
// Used by the contract tests of the client and of the simulator: both must agree with these files, not with each other.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The briefing folder beside the repository: <repo>/../shared/bitget-responses (the docs' answers and live errors). */
export const RESPONSES_DIR = fileURLToPath(new URL('../../../shared/bitget-responses/', import.meta.url));
/** <repo>/../shared/bitget-live: what the live exchange answers where the docs say otherwise. */
export const LIVE_DIR = fileURLToPath(new URL('../../../shared/bitget-live/', import.meta.url));

/** Every answer file of a folder (README.md excluded). Throws when it is missing: a contract test must not pass on nothing. */
function filesOf(dir: string): string[] {
  if (!existsSync(dir)) {
    throw new Error(`The exchange's real answers are missing: expected the folder ${dir} (beside the repository, under ../shared).`);
  }
  const files = readdirSync(dir).filter((name) => name !== 'README.md').sort();
  if (files.length === 0) throw new Error(`No answer files in ${dir}.`);
  return files;
}

export const responseFiles = (): string[] => filesOf(RESPONSES_DIR);
export const liveFiles = (): string[] => filesOf(LIVE_DIR);

/** One answer file, byte for byte. */
export function readResponse(file: string): string {
  return readFileSync(`${RESPONSES_DIR}${file}`, 'utf8');
}

/** One live capture, byte for byte. */
export function readLive(file: string): string {
  return readFileSync(`${LIVE_DIR}${file}`, 'utf8');
}

/** A JSON value's skeleton: every path (`$.data[].symbol`) with the JSON types seen there. Array items share `[]`. */
export type Shape = Map<string, Set<string>>;

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function shapeOf(value: unknown, path = '$', into: Shape = new Map()): Shape {
  const type = jsonType(value);
  const seen = into.get(path) ?? new Set<string>();
  seen.add(type);
  into.set(path, seen);
  if (Array.isArray(value)) {
    for (const item of value) shapeOf(item, `${path}[]`, into);
  } else if (type === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) shapeOf(child, `${path}.${key}`, into);
  }
  return into;
}

/**
 * How `actual` differs from what the documented answers allow. Every path a document shows must be there (no field
 * omitted, no list left empty where the docs show items); every path of `actual` must appear in at least one document
 * of the same request (extra fields are suspicious), with a JSON type one of them uses there.
 */
export function shapeProblems(actual: Shape, documents: readonly Shape[]): string[] {
  const problems: string[] = [];
  const allowed: Shape = new Map();
  for (const document of documents) {
    for (const [path, types] of document) allowed.set(path, new Set([...(allowed.get(path) ?? []), ...types]));
  }
  for (const [path, types] of actual) {
    const documented = allowed.get(path);
    if (!documented) {
      problems.push(`${path}: not in the documented answer`);
      continue;
    }
    const wrong = [...types].filter((type) => !documented.has(type));
    if (wrong.length > 0) problems.push(`${path}: ${wrong.join('/')} where the docs have ${[...documented].join('/')}`);
  }
  for (const document of documents) {
    for (const path of document.keys()) if (!actual.has(path)) problems.push(`${path}: missing (the docs show it)`);
  }
  return [...new Set(problems)];
}
