/**
 * `backchannel cypher --format ndjson` streaming a large result: peak RSS of the command (GNU time's
 * maximum resident set of the process tree's largest member) and wall time, for 2M small rows and
 * 600k rows of 1 KB (issue 17, item 3: the runner used to hold every row, 1.7 GB and a crash).
 * Every row is counted at the reading end, so a run that lost rows fails instead of looking fast.
 *
 *   npx tsx bench/cypher-stream.ts [--runs 3]      # NEO4J_URI (…) if set, else the bench Neo4j
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../server/config.js';
import { argument, benchNeo4j, machine, median, record } from './support.js';

const SCENARIOS = [
  // What the command costs before any row: node, tsx compiling the sources, every command's modules.
  { name: '1 row (the command alone)', rows: 1, cypher: 'RETURN 1 AS i' },
  {
    name: '2,000,000 rows of ~50 B',
    rows: 2_000_000,
    cypher: "UNWIND range(1, 2000000) AS i RETURN i, 'row ' + i AS s",
  },
  {
    name: '600,000 rows of ~1 KB',
    rows: 600_000,
    cypher:
      "UNWIND range(1, 600000) AS i RETURN i, i + ':' + reduce(s = '', k IN range(1, 100) | s + 'xxxxxxxxxx') AS s",
  },
];

interface Run {
  readonly seconds: number;
  readonly peakMb: number;
  readonly lines: number;
  readonly bytes: number;
}

function once(cypher: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      '/usr/bin/time',
      [
        '-f',
        'peak-kb %M wall %e',
        path.join(PROJECT_ROOT, 'bin', 'backchannel'),
        'cypher',
        '-',
        '--format',
        'ndjson',
        '--timeout',
        '3600000',
      ],
      { env },
    );
    let lines = 0;
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /peak-kb (\d+) wall ([\d.]+)/.exec(stderr);
      if (code !== 0 || !m) return reject(new Error(`exit ${code}: ${stderr.trim()}`));
      resolve({ peakMb: Number(m[1]) / 1024, seconds: Number(m[2]), lines, bytes });
    });
    child.stdin.end(cypher);
  });
}

async function main(): Promise<void> {
  const runs = Number(argument('runs') ?? 3);
  let env = process.env;
  let stop = async () => undefined as unknown;
  if (!process.env.NEO4J_URI) {
    const neo4j = benchNeo4j();
    const target = await neo4j.start();
    env = { ...process.env, NEO4J_URI: target.uri, NEO4J_USER: target.user, NEO4J_PASSWORD: target.password };
    stop = () => neo4j.stop();
  }
  const header = ['result', 'runs', 'rows written', 'MB written', 'wall time (median)', 'peak RSS (median, max)'];
  const rows: (string | number)[][] = [];
  let version = 'unknown';
  try {
    version = await serverVersion(env);
    for (const scenario of SCENARIOS) {
      const results: Run[] = [];
      for (let i = 0; i < runs; i++) {
        const run = await once(scenario.cypher, env);
        if (run.lines !== scenario.rows) throw new Error(`${scenario.name}: ${run.lines} lines, not ${scenario.rows}`);
        results.push(run);
        process.stderr.write(`${scenario.name}: ${run.seconds} s, ${run.peakMb.toFixed(0)} MB\n`);
      }
      const peaks = results.map((r) => r.peakMb);
      rows.push([
        scenario.name,
        runs,
        scenario.rows.toLocaleString('en-US'),
        (results[0]!.bytes / 2 ** 20).toFixed(0),
        `${median(results.map((r) => r.seconds)).toFixed(1)} s`,
        `${median(peaks).toFixed(0)} MB, ${Math.max(...peaks).toFixed(0)} MB`,
      ]);
    }
  } finally {
    await stop();
  }
  record('Cypher runner: streaming NDJSON (issue 17, item 3)', machine(version), header, rows, [
    "Peak RSS is GNU time's maximum resident set of the command (node running the runner), stdout read and counted by the benchmark as fast as it arrives. Target: under 150 MB.",
  ]);
}

/** The Neo4j version, from the runner itself (one more run, not timed). */
function serverVersion(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(PROJECT_ROOT, 'bin', 'backchannel'), ['cypher', '-', '--format', 'ndjson'], { env });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve((JSON.parse(out || '{"v":"unknown"}') as { v: string }).v));
    child.stdin.end('CALL dbms.components() YIELD versions RETURN versions[0] AS v');
  });
}

await main();
