import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The close path, the shared types and the window must read top-down: no module may reach itself through its imports.
// Type-only imports count, because a type cycle still ties the two modules' designs together.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folders = ['electron/core', 'shared', 'renderer'];

// Static `import … from`, `export … from` and bare `import '…'` statements with a relative specifier.
const importPattern = /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importPattern)].map((match) => resolve(dirname(file), match[1]!));
}

/** Import graph of every .ts/.tsx file under `folders`; edges only to files inside those folders. */
function importGraph(folderPaths: string[]): Map<string, string[]> {
  const files = folderPaths.flatMap((folder) => sourceFiles(folder));
  const known = new Set(files);
  return new Map(files.map((file) => [file, relativeImports(file).filter((target) => known.has(target))]));
}

/** The first import cycle found, as the list of files around it (first file repeated at the end), or null. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (file: string): string[] | null => {
    if (onPath.has(file)) return [...path.slice(path.indexOf(file)), file];
    if (done.has(file)) return null;
    path.push(file);
    onPath.add(file);
    for (const target of graph.get(file) ?? []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(file);
    done.add(file);
    return null;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

function reachable(graph: Map<string, string[]>, from: string): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string) => {
    for (const target of graph.get(file) ?? []) {
      if (seen.has(target)) continue;
      seen.add(target);
      walk(target);
    }
  };
  walk(from);
  return seen;
}

describe('import circles', () => {
  it('finds a cycle when one exists (and names its files)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(findCycle(graph)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    expect(findCycle(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toBeNull();
  });

  it('reads type-only, re-export and side-effect imports from the real tree', () => {
    const graph = importGraph(folders.map((folder) => join(root, folder)));
    const importsOf = (file: string) => (graph.get(join(root, file)) ?? []).map((target) => relative(root, target));
    expect(importsOf('shared/guard.ts')).toContain('shared/bitget.ts'); // `import type { … } from './bitget.ts'`
    expect(importsOf('renderer/main.tsx')).toContain('renderer/App.tsx');
  });

  it.each(folders)('no module in %s reaches itself through its imports', (folder) => {
    const cycle = findCycle(importGraph([join(root, folder)]));
    expect(cycle?.map((file) => relative(root, file)) ?? 'no cycle').toBe('no cycle');
  });

  it('no cycle runs across electron/core, shared and renderer together', () => {
    const cycle = findCycle(importGraph(folders.map((folder) => join(root, folder))));
    expect(cycle?.map((file) => relative(root, file)) ?? 'no cycle').toBe('no cycle');
  });

  it('profiles sit below the close path: profiles.ts never reaches panic.ts', () => {
    const graph = importGraph([join(root, 'electron/core')]);
    const below = [...reachable(graph, join(root, 'electron/core/profiles.ts'))].map((file) => relative(root, file));
    expect(below).toContain('electron/core/resolved-account.ts');
    expect(below).not.toContain('electron/core/panic.ts');
  });
});
