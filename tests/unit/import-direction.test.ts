/**
 * The import graph runs one way, with the data: files → ingest → load → db (Neo4j) → queries → api →
 * client, the script runner beside db, the model beside them all. Each folder of server/ may import
 * only the layers listed for it below; the client imports no server code but the shared model (and
 * the API's answer types, type-only, which vanish from the bundle). Read from the source text, so a
 * new file is checked the moment it exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';

/** What each layer may import besides itself. `base` is the few top-level modules every layer may use. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  base: [],
  model: ['base'],
  ingest: ['model', 'base'],
  db: ['model', 'base'],
  scripts: ['db', 'model', 'base'],
  load: ['ingest', 'db', 'scripts', 'model', 'base'],
  queries: ['db', 'scripts', 'model', 'base'],
  resolve: ['db', 'model', 'base'],
  api: ['queries', 'db', 'model', 'base'],
  cli: ['api', 'resolve', 'queries', 'load', 'scripts', 'db', 'ingest', 'model', 'base'],
  main: ['cli'],
  client: ['model'],
};

/** The top-level server modules every layer may import: the error root, configuration, the version. */
const BASE = new Set(['errors.ts', 'config.ts', 'version.ts', 'json-text.ts']);

function layerOf(file: string): string {
  if (file.startsWith('client/')) return 'client';
  const [top, second] = file.split('/');
  if (top !== 'server' || second === undefined) throw new Error(`${file}: outside server/ and client/`);
  if (second === 'main.ts') return 'main';
  if (BASE.has(second)) return 'base';
  if (!(second in MAY_IMPORT)) throw new Error(`${file}: server/${second} is no layer of MAY_IMPORT; add it there`);
  return second;
}

function sources(dir: string): string[] {
  return readdirSync(path.join(PROJECT_ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name))
    .map((e) => path.relative(PROJECT_ROOT, path.join(e.parentPath, e.name)));
}

interface Import {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

const read = (file: string) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

/** Relative imports and re-exports, static and dynamic, as repository paths. */
function importsOf(file: string): Import[] {
  const text = read(file);
  const found: Import[] = [];
  for (const m of text.matchAll(
    /(import|export)(\s+type)?[^'";]*?from\s*'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g,
  )) {
    const spec = m[3] ?? m[4]!;
    const to = path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts');
    found.push({ from: file, to, typeOnly: Boolean(m[2]) });
  }
  return found;
}

const SERVER = sources('server');
const CLIENT = sources('client/src');

describe('the import graph', () => {
  it('finds the imports it checks', () => {
    // A guard on the reader itself: a regular expression that matched nothing would pass everything.
    expect(SERVER.flatMap(importsOf).length).toBeGreaterThan(300);
    expect(CLIENT.flatMap(importsOf).some((i) => i.to.startsWith('server/model/'))).toBe(true);
  });

  it('runs one way between the layers of server/', () => {
    const against = SERVER.flatMap(importsOf)
      .filter((i) => i.to.startsWith('server/'))
      .filter((i) => {
        const [from, to] = [layerOf(i.from), layerOf(i.to)];
        return from !== to && !MAY_IMPORT[from]!.includes(to);
      })
      .map((i) => `${i.from} (${layerOf(i.from)}) imports ${i.to} (${layerOf(i.to)})`);
    expect(against).toEqual([]);
  });

  it('keeps the client to the shared model, whose files import nothing but each other', () => {
    const fromClient = CLIENT.flatMap(importsOf).filter((i) => !i.to.startsWith('client/'));
    const beyond = fromClient
      .filter((i) => !i.to.startsWith('server/model/') && !(i.typeOnly && i.to === 'server/api/answers.ts'))
      .map((i) => `${i.from} imports ${i.to}`);
    expect(beyond).toEqual([]);
    // What the client's model imports reach, transitively, must stay inside the model: no error
    // classes, no configuration, no database code in the bundle.
    const seen = new Set<string>();
    const queue = fromClient.filter((i) => !i.typeOnly && i.to.startsWith('server/model/')).map((i) => i.to);
    while (queue.length) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push(
        ...importsOf(file)
          .filter((i) => !i.typeOnly)
          .map((i) => i.to),
      );
    }
    expect([...seen].filter((f) => !f.startsWith('server/model/'))).toEqual([]);
    // Nor a package: the model reaches the client as plain data (zod is derived on the server).
    const packages = [...seen].filter((f) => /^import(?!\s+type)[^'";]*?from\s*'[^./]/m.test(read(f)));
    expect(packages).toEqual([]);
  });
});
