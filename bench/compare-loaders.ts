/**
 * The loader of another checkout against this one, side by side: the same NDJSON file loaded by each
 * version's `backchannel load` in its own process, alternating, each against its own embedded Neo4j
 * (two versions may not share a schema), after one unrecorded warm-up each; medians of the rest.
 *
 *   git worktree add /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   (cd /tmp/before && npx tsx bench/generate/cli.ts --size S --out /tmp/s.ndjson)
 *   npx tsx bench/compare-loaders.ts /tmp/before /tmp/s.ndjson [--rounds 3]
 *
 * Generate the file with the older checkout: a newer loader reads an older dataset, not always the
 * other way round. Prints the runs and the time ratio (this checkout / the other).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../server/config.js';
import { openConnection } from '../server/db/connect.js';
import { EmbeddedNeo4j } from '../server/db/embedded/neo4j.js';
import { emptyDatabase, median } from './support.js';

const [other, file] = process.argv.slice(2);
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 3;
if (!other || !file || !(rounds >= 1)) {
  process.stderr.write('usage: tsx bench/compare-loaders.ts <other checkout> <file.ndjson> [--rounds N]\n');
  process.exit(2);
}

const sides = [
  { name: path.basename(other), root: path.resolve(other), port: 7795 },
  { name: 'this checkout', root: PROJECT_ROOT, port: 7797 },
];
const servers = sides.map(
  (side) =>
    new EmbeddedNeo4j(
      {
        ...loadConfig({}).embedded,
        home: path.join(tmpdir(), `backchannel-compare-${side.port}`),
        boltPort: side.port,
        httpPort: side.port - 199,
        heap: '2g',
        pageCache: '1g',
      },
      () => {},
    ),
);
const targets = [];
for (const server of servers) targets.push(await server.start());
const connections = targets.map((target) => openConnection(target, 'compare'));
const times: number[][] = sides.map(() => []);
try {
  // Round 0 is the warm-up; the order alternates so neither side always goes first.
  for (let round = 0; round <= rounds; round++) {
    for (const i of round % 2 ? [1, 0] : [0, 1]) {
      const side = sides[i]!;
      const target = targets[i]!;
      await emptyDatabase(connections[i]!);
      const started = Date.now();
      const run = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(side.root, 'server', 'main.ts'),
          'load',
          file,
          '--batch-size',
          '5000',
          '--report-dir',
          mkdtempSync(path.join(tmpdir(), 'backchannel-compare-report-')),
        ],
        {
          cwd: side.root,
          encoding: 'utf8',
          env: {
            ...process.env,
            NEO4J_URI: target.uri,
            NEO4J_USER: target.user,
            NEO4J_PASSWORD: target.password,
            NEO4J_DATABASE: target.database,
          },
        },
      );
      const seconds = (Date.now() - started) / 1000;
      if (run.status !== 0) throw new Error(`${side.name}: load exited ${run.status}: ${run.stderr.slice(-300)}`);
      if (round > 0) times[i]!.push(seconds);
      process.stdout.write(`round ${round}${round ? '' : ' (warm-up)'} ${side.name}: ${seconds.toFixed(1)} s\n`);
    }
  }
  for (const [i, side] of sides.entries())
    process.stdout.write(`${side.name}: median ${median(times[i]!).toFixed(1)} s of ${times[i]!.join(', ')}\n`);
  process.stdout.write(
    `time ratio (this checkout / ${sides[0]!.name}): ${(median(times[1]!) / median(times[0]!)).toFixed(2)}\n`,
  );
} finally {
  for (const connection of connections) await connection.close();
  for (const server of servers) await server.stop();
}
