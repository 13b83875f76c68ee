/**
 * `backchannel cypher` as an engineer runs it, against the real Neo4j, and schema migrations.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOUNDING_CASE } from '../../server/cli.js';
import { PROJECT_ROOT } from '../../server/db/config.js';
import { applySchema, MigrationError } from '../../server/db/schema.js';
import { runLoad } from '../../server/load/run.js';
import { countByLabelAndType } from '../../server/queries/stats.js';
import { emptyDatabase, testConnection, testEnv } from '../support/neo4j.js';

const connection = testConnection();
let dir: string;

beforeAll(async () => {
  await emptyDatabase(connection);
  dir = await mkdtemp(path.join(tmpdir(), 'runner-'));
  await runLoad({ files: [FOUNDING_CASE], executor: connection.executor, reportDir: dir });
});
afterAll(() => connection.close());

async function cypher(args: string[], script?: string) {
  let file = args[0]!;
  if (script !== undefined) {
    file = path.join(dir, `script-${Math.random().toString(36).slice(2)}.cypher`);
    await writeFile(file, script);
  }
  try {
    const { stdout, stderr } = await promisify(execFile)(
      path.join(PROJECT_ROOT, 'bin', 'backchannel'),
      ['cypher', file, ...(script !== undefined ? args : args.slice(1))],
      { env: testEnv(), timeout: 120_000 },
    );
    return { code: 0, stdout, stderr, file };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, file };
  }
}

const TWO = `// first; with a semicolon in a comment
MATCH (p:Person) WHERE p.name STARTS WITH $prefix RETURN p.name AS name ORDER BY name;
/* a block; comment */
RETURN 'a;b' AS text, $when AS when, $n + 1 AS next, $flags AS flags;
`;

describe('backchannel cypher', () => {
  it('runs each statement of a script with typed parameters, as a table per statement', async () => {
    const r = await cypher(
      ['--param', 'prefix=Donald', '--param', 'when=2016-10-12', '--param', 'n=41', '--param', 'flags=[true,false]'],
      TWO,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-- statement 1 (line 1)');
    expect(r.stdout).toMatch(/Donald Trump\s*\n.*Donald Trump Jr\./s);
    expect(r.stdout).toContain('-- statement 2 (line 3)');
    expect(r.stdout).toMatch(/a;b\s*\|\s*2016-10-12\s*\|\s*42\s*\|\s*\[true, false\]/);
  });

  it('prints JSON, NDJSON and CSV that parse back', async () => {
    const params = [
      '--param',
      'prefix=Mike',
      '--param',
      'when=2016-10-12T08:00:00+02:00',
      '--param',
      'n=1',
      '--param',
      'flags=null',
    ];
    const json = await cypher([...params, '--format', 'json'], TWO);
    const parsed = JSON.parse(json.stdout);
    expect(parsed[0].rows).toEqual([{ name: 'Mike Pence' }]);
    expect(parsed[1].rows[0]).toEqual({ text: 'a;b', when: '2016-10-12T08:00:00+02:00', next: 2, flags: null });
    const ndjson = await cypher([...params, '--format', 'ndjson'], TWO);
    expect(
      ndjson.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([{ name: 'Mike Pence' }, { text: 'a;b', when: '2016-10-12T08:00:00+02:00', next: 2, flags: null }]);
    const csv = await cypher(['--format', 'csv'], 'RETURN \'a, "quoted"\' AS text, 1 AS n');
    expect(csv.stdout).toBe('text,n\n"a, ""quoted""",1\n');
  });

  it('names a missing parameter before anything runs', async () => {
    const r = await cypher(['--param', 'prefix=D'], TWO);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/:3: missing parameters \$when, \$n, \$flags .*nothing was run/);
    expect(r.stdout).toBe('');
  });

  it('is read-only without --write, and says so before running any statement', async () => {
    const script = "MATCH (n) RETURN count(n) AS n;\nCREATE (:Person {name: 'Runner Test', id: 'person:runner-test'});";
    const before = await countByLabelAndType(connection.executor);
    const refused = await cypher([], script);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /:2: statement 2 writes; the runner is read-only unless you pass --write \(nothing was run\)/,
    );
    expect(refused.stdout).toBe('');
    expect(await countByLabelAndType(connection.executor)).toEqual(before);
    const written = await cypher(['--write'], script);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('nodesCreated 1');
    expect((await countByLabelAndType(connection.executor)).nodes.Person).toBe(before.nodes.Person! + 1);
  });

  it('points an error at the file, the statement and the line and column', async () => {
    const r = await cypher([], 'RETURN 1;\n\nMATCH (n)\nRETURN n.name +* 2;');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`${r.file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:16: statement 2: Invalid input '\\*'`),
    );
  });

  it("applies a library query's declared defaults and types", async () => {
    const r = await cypher([
      path.join(PROJECT_ROOT, 'cypher', 'queries', 'temporal-correlation.cypher'),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].rows[0]).toMatchObject({ delay: 'PT15M' });
    const bad = await cypher([
      path.join(PROJECT_ROOT, 'cypher', 'queries', 'temporal-correlation.cypher'),
      '--param',
      'minutes=soon',
    ]);
    expect(bad.stderr).toMatch(/parameter minutes: /);
  });

  it('caps rows and stops at the timeout', async () => {
    const capped = await cypher(['--max-rows', '3'], 'UNWIND range(1, 10) AS x RETURN x');
    expect(capped.stdout).toMatch(/3 rows \(truncated at 3 rows\)/);
    const slow = await cypher(['--timeout', '1000'], 'UNWIND range(1, 10000000000) AS x RETURN sum(x)');
    expect(slow.code).toBe(1);
    expect(slow.stderr).toMatch(/time limit/);
  });
});

describe('schema migrations', () => {
  it('runs each numbered script once, records it, and refuses one changed after it was applied', async () => {
    const migrations = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    await writeFile(
      path.join(migrations, '001-model.cypher'),
      '// generated; never run from the file\nTHIS IS NOT CYPHER',
    );
    await writeFile(
      path.join(migrations, '002-mark-founding.cypher'),
      'MATCH (s:Source) SET s.migrated = coalesce(s.migrated, 0) + 1;\nCREATE INDEX source_migrated IF NOT EXISTS FOR (s:Source) ON (s.migrated);',
    );
    const first = await applySchema(connection.executor, migrations);
    expect(first.applied).toEqual(['002-mark-founding.cypher']);
    const second = await applySchema(connection.executor, migrations);
    expect(second).toMatchObject({ applied: [], alreadyApplied: ['002-mark-founding.cypher'] });
    const rows = await connection.executor.rows<{ m: number }>('MATCH (s:Source) RETURN max(s.migrated) AS m');
    expect(rows).toEqual([{ m: 1 }]);
    await writeFile(path.join(migrations, '002-mark-founding.cypher'), 'MATCH (s:Source) SET s.migrated = 99');
    await expect(applySchema(connection.executor, migrations)).rejects.toThrow(MigrationError);
    await expect(applySchema(connection.executor, migrations)).rejects.toThrow(
      /002-mark-founding.cypher was changed after it was applied/,
    );
    await connection.executor.write('DROP INDEX source_migrated IF EXISTS');
  });
});
