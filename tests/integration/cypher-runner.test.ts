/**
 * `backchannel cypher` as an engineer runs it, against the real Neo4j, and schema migrations.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, FOUNDING_CASE } from '../../server/config.js';
import {
  applySchema,
  formatMigrationStatus,
  MigrationError,
  migrationStatus,
} from '../../server/scripts/migrations.js';
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
    // Several statements: each NDJSON line says which statement its row is of (issue 17, 8).
    const ndjson = await cypher([...params, '--format', 'ndjson'], TWO);
    expect(
      ndjson.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { statement: 1, row: { name: 'Mike Pence' } },
      { statement: 2, row: { text: 'a;b', when: '2016-10-12T08:00:00+02:00', next: 2, flags: null } },
    ]);
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
      path.join(PROJECT_ROOT, 'cypher', 'library', 'temporal-correlation.cypher'),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].rows[0]).toMatchObject({ delay: 'PT15M' });
    const bad = await cypher([
      path.join(PROJECT_ROOT, 'cypher', 'library', 'temporal-correlation.cypher'),
      '--param',
      'minutes=soon',
    ]);
    expect(bad.stderr).toMatch(/parameter minutes: /);
  });

  it('caps rows and stops at the timeout', async () => {
    const capped = await cypher(['--max-rows', '3'], 'UNWIND range(1, 10) AS x RETURN x');
    expect(capped.stdout).toMatch(/\n3 rows \(truncated: there are more; raise --max-rows to see them\)\n$/);
    const slow = await cypher(['--timeout', '1000'], 'UNWIND range(1, 10000000000) AS x RETURN sum(x)');
    expect(slow.code).toBe(1);
    expect(slow.stderr).toMatch(/time limit/);
  });
});

const BIN = path.join(PROJECT_ROOT, 'bin', 'backchannel');

/** `backchannel cypher - …` with the script on stdin, as the issue's reproductions run it. */
function stdin(script: string, args: string[] = [], env: NodeJS.ProcessEnv = testEnv()) {
  return shell(`"${BIN}" cypher - ${args.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')}`, script, env);
}

/** A shell pipeline (with pipefail, so the runner's exit code shows), `input` on its stdin. */
function shell(command: string, input: string, env: NodeJS.ProcessEnv = testEnv()) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function personCount(id: string): Promise<number> {
  const [row] = await connection.executor.rows<{ n: number }>('MATCH (p:Person {id: $id}) RETURN count(p) AS n', {
    id,
  });
  return row!.n;
}

describe('issue 17: runner defects', () => {
  it('1. reports errors on a first line as what they are, with file:line:column, and classifies by the plan', async () => {
    const [syntax, variable, components, databases, index] = await Promise.all([
      stdin('RETURN 1 +* 2'),
      stdin('RETURN x'),
      stdin('CALL dbms.components() YIELD name RETURN name'),
      stdin('SHOW DATABASES YIELD name RETURN name ORDER BY name'),
      stdin('CREATE INDEX runner_test IF NOT EXISTS FOR (p:Person) ON (p.runnerTest)'),
    ]);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toBe(
      "backchannel: <stdin>:1:11: statement 1: Invalid input '*': expected an expression (syntax error)\n",
    );
    expect(variable.stderr).toBe('backchannel: <stdin>:1:8: statement 1: Variable `x` not defined (syntax error)\n');
    expect(components).toMatchObject({ code: 0, stderr: '' });
    expect(components.stdout).toContain('Neo4j Kernel');
    expect(databases.stdout).toMatch(/neo4j\s*\nsystem/);
    expect(index.code).toBe(1);
    expect(index.stderr).toMatch(
      /<stdin>:1: statement 1 changes the schema; the runner is read-only unless you pass --write/,
    );
  });

  it('1. with --write, commits nothing when any statement fails to plan', async () => {
    const r = await stdin(
      "CREATE (:Person {id: 'person:runner-typo', name: 'Typo'});\nMATCH (p:Person) RETRUN p.name",
      ['--write'],
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^backchannel: <stdin>:2:18: statement 2: Invalid input 'RETRUN'.*\(syntax error\)\n$/);
    expect(r.stdout).toBe('');
    expect(await personCount('person:runner-typo')).toBe(0);
  });

  it('2. does not cap CSV, NDJSON or JSON; the table says it was truncated, once', async () => {
    const script = 'UNWIND range(1, 2500) AS i RETURN i';
    const [csv, ndjson, json, table] = await Promise.all([
      stdin(script, ['--format', 'csv']),
      stdin(script, ['--format', 'ndjson']),
      stdin(script, ['--format', 'json']),
      stdin(script),
    ]);
    expect(csv.stdout.trim().split('\n')).toHaveLength(2501);
    expect(ndjson.stdout.trim().split('\n').at(-1)).toBe('{"i":2500}');
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ truncated: false });
    expect(JSON.parse(json.stdout)[0].rows).toHaveLength(2500);
    expect(table.stdout.match(/truncated/g)).toHaveLength(1);
    expect(table.stdout).toMatch(/\n1000 rows \(truncated: there are more; raise --max-rows to see them\)\n$/);
  });

  it('3. streams: a reader that stops after one line ends the run quietly, exit 0', async () => {
    const r = await shell(`"${BIN}" cypher - --format ndjson | head -1`, 'UNWIND range(1, 2000000) AS i RETURN i');
    expect(r).toEqual({ code: 0, stdout: '{"i":1}\n', stderr: '' });
  });

  it('4. keeps floats, refuses out-of-range integers and bad arguments, reads JSON lists, local date-times and -P', async () => {
    const [typed, big, empty, bare, arrow] = await Promise.all([
      stdin('RETURN $x / 2 AS half, $l AS l, valueType($t) AS t, $t = localdatetime("2016-09-21T10:00") AS same', [
        '--param',
        'x=1.0',
        '--param',
        'l=[1, 2.5, "a"]',
        '--param',
        't=2016-09-21T10:00:00',
        '--format',
        'json',
      ]),
      stdin('RETURN $n', ['--param', 'n=12345678901234567890']),
      stdin('RETURN $n', ['--param', 'n=']),
      stdin('RETURN $limit', ['--param', 'limit']),
      stdin('RETURN $since AS since, $a + $b AS sum', [
        '-P',
        'since => date("2016-10-12") + duration("P1D")',
        '-P',
        '{a: 40, b: 2}',
        '--format',
        'ndjson',
      ]),
    ]);
    expect(JSON.parse(typed.stdout)[0].rows).toEqual([
      { half: 0.5, l: [1, 2.5, 'a'], t: 'LOCAL DATETIME NOT NULL', same: true },
    ]);
    expect(big.stderr).toBe(
      "backchannel: parameter n: 12345678901234567890 is outside Cypher's integer range (-2^63 to 2^63-1); use str: to pass it as text\n",
    );
    expect(empty.stderr).toBe(
      'backchannel: parameter n: no value after = (write n=null for null, n=str: for an empty string)\n',
    );
    expect(bare.stderr).toBe(`backchannel: parameter "limit": expected name=value (or -P 'name => expression')\n`);
    expect(JSON.parse(arrow.stdout)).toEqual({ since: '2016-10-13', sum: 42 });
  });

  it("4. takes a JSON list for a library query's string[] parameter", async () => {
    const r = await cypher([
      path.join(PROJECT_ROOT, 'cypher', 'library', 'brokers.cypher'),
      '--param',
      'groupA=["person:donald-trump-jr", "a,b"]',
      '--param',
      'groupB=person:donald-trump',
      '--format',
      'json',
    ]);
    // brokers.cypher has a cartesian product Neo4j warns of; no parameter is refused.
    expect(r.stderr).not.toMatch(/backchannel:|parameter/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].columns.length).toBeGreaterThan(0);
  });

  it('5. shows PROFILE and EXPLAIN plans (JSON in json format) and prints notifications on stderr', async () => {
    const [profile, explain, json, unknown] = await Promise.all([
      stdin('PROFILE MATCH (p:Person) RETURN count(p) AS n'),
      stdin('EXPLAIN MATCH (p:Person) RETURN p.name'),
      stdin('PROFILE MATCH (p:Person) RETURN p.name', ['--format', 'json']),
      stdin('MATCH (n:Acount) RETURN n'),
    ]);
    expect(profile.code).toBe(0);
    expect(profile.stdout).toMatch(/^PROFILE, planner COST, runtime \w+, [\d,]+ db hits in total$/m);
    expect(profile.stdout).toMatch(/^operator\s+\| details\s+\| est\. rows \| rows \| db hits \|/m);
    expect(profile.stdout).toMatch(/^ProduceResults\s+\|/m);
    expect(explain.stdout).toMatch(/^EXPLAIN, planner COST/m);
    expect(explain.stdout).toMatch(/^NodeByLabelScan\s+\| p:Person/m);
    expect(explain.stdout).not.toMatch(/^\d+ rows?$/m);
    const entry = JSON.parse(json.stdout)[0];
    expect(entry.plan).toMatchObject({ profiled: true, root: { operator: 'ProduceResults' } });
    expect(entry.plan.totalDbHits).toBeGreaterThan(0);
    expect(entry.rows.length).toBeGreaterThan(0);
    expect(unknown.code).toBe(0);
    expect(unknown.stdout).toContain('0 rows');
    expect(unknown.stderr).toMatch(
      /^<stdin>:1:10: statement 1: warning: .*the missing label name is: Acount\) \(Neo\.ClientNotification\.Statement\.UnknownLabelWarning\)\n$/,
    );
  });

  it('6. with --write, prints what statement 1 committed before statement 2 fails', async () => {
    const r = await stdin(
      "CREATE (p:Person {id: 'person:runner-six', name: 'Six'}) RETURN p.name AS created;\nRETURN 1 / 0",
      ['--write'],
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/created\n-+\nSix\n1 row\nnodesCreated 1/);
    expect(r.stderr).toBe(
      'backchannel: <stdin>:2:1: statement 2: / by zero (Neo.ClientError.Statement.ArithmeticError)\n',
    );
    expect(await personCount('person:runner-six')).toBe(1);
    await connection.executor.write("MATCH (p:Person {id: 'person:runner-six'}) DELETE p");
  });

  it('7. runs CALL { … } IN TRANSACTIONS as auto-commit with --write, and refuses it without', async () => {
    const script =
      "UNWIND range(1, 5) AS i CALL (i) { CREATE (:Person {id: 'person:runner-batch-' + i, name: 'Batch ' + i}) } IN TRANSACTIONS OF 2 ROWS";
    const refused = await stdin(script);
    expect(refused.stderr).toMatch(/statement 1 writes; the runner is read-only unless you pass --write/);
    const r = await stdin(script, ['--write']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('nodesCreated 5');
    const [row] = await connection.executor.rows<{ n: number }>(
      "MATCH (p:Person) WHERE p.id STARTS WITH 'person:runner-batch-' RETURN count(p) AS n",
    );
    expect(row!.n).toBe(5);
    await connection.executor.write("MATCH (p:Person) WHERE p.id STARTS WITH 'person:runner-batch-' DELETE p");
  });

  it('8. says in one line what is wrong with the script, the parameters file or the server', async () => {
    const badJson = path.join(dir, 'bad-params.json');
    await writeFile(badJson, '{"a": }');
    const env = testEnv();
    const [missing, params, unreachable, auth] = await Promise.all([
      shell(`"${BIN}" cypher ${path.join(dir, 'no-such.cypher')}`, ''),
      stdin('RETURN $a', ['--params', badJson]),
      stdin('RETURN 1', [], { ...env, NEO4J_URI: 'bolt://127.0.0.1:1' }),
      stdin('RETURN 1', [], { ...env, NEO4J_PASSWORD: 'not-the-password' }),
    ]);
    expect(missing.stderr).toBe(`backchannel: ${path.join(dir, 'no-such.cypher')}: no such file\n`);
    expect(params.stderr).toBe(`backchannel: ${badJson}:1:7: not valid JSON: Unexpected token '}'\n`);
    expect(unreachable.stderr).toBe(
      'backchannel: cannot reach Neo4j at bolt://127.0.0.1:1: connection refused (nothing listens there)\n',
    );
    expect(auth.stderr).toMatch(/^backchannel: Neo4j refused the credentials: .*\n$/);
    for (const r of [missing, params, unreachable, auth]) expect(r.code).toBe(1);
  });

  it("8. reads cypher-shell's NEO4J_USERNAME as well as NEO4J_USER", async () => {
    const { NEO4J_USER: user, ...env } = testEnv();
    const [named, wrong, disagree] = await Promise.all([
      stdin('RETURN 1 AS one', ['--format', 'ndjson'], { ...env, NEO4J_USERNAME: user }),
      stdin('RETURN 1 AS one', [], { ...env, NEO4J_USERNAME: 'nobody' }),
      stdin('RETURN 1 AS one', [], { ...env, NEO4J_USER: user, NEO4J_USERNAME: 'nobody' }),
    ]);
    expect(named).toMatchObject({ code: 0, stdout: '{"one":1}\n' });
    expect(wrong.stderr).toMatch(/^backchannel: Neo4j refused the credentials/);
    expect(disagree.stderr).toBe(
      `backchannel: NEO4J_USER and NEO4J_USERNAME disagree (${JSON.stringify(user)}, "nobody"): set one\n`,
    );
  });

  it('8. has --version, a help with defaults, environment and examples, and a table width to choose', async () => {
    const long = 'x'.repeat(100);
    const [version, help, wide, narrow] = await Promise.all([
      shell(`"${BIN}" cypher --version`, ''),
      shell(`"${BIN}" cypher --help`, ''),
      stdin(`RETURN '${long}' AS text`, ['--max-width', '200']),
      stdin(`RETURN '${long}' AS text`),
    ]);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    for (const text of ['NEO4J_USERNAME', 'QUERY_TIMEOUT_MS', 'default', 'Examples:', "-P 'since =>"]) {
      expect(help.stdout).toContain(text);
    }
    expect(wide.stdout).toContain(long);
    expect(narrow.stdout).toContain(`${'x'.repeat(59)}…`);
  });

  it('8. marks each statement of a multi-statement CSV with a comment line before its block', async () => {
    const r = await stdin("RETURN 1 AS a;\nRETURN 'x' AS b, 2 AS c", ['--format', 'csv']);
    expect(r.stdout).toBe('# statement 1 (line 1)\na\n1\n\n# statement 2 (line 2)\nb,c\nx,2\n');
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

  it('6. records progress per statement: a failed migration resumes after its last committed statement', async () => {
    // Records of other folders' migrations (the test above) would show as files that are gone.
    await connection.executor.write('MATCH (m:SchemaMigration) DELETE m');
    const migrations = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    const file = path.join(migrations, '002-resume.cypher');
    const first = "CREATE (:Person {id: 'person:runner-migration', name: 'Once'});\n";
    await writeFile(
      file,
      `${first}CREATE INDEX runner_resume IF NOT EXISTS FOR (p:Person) ON (p.runnerResume);\nRETURN 1 / 0;`,
    );
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(applySchema(connection.executor, migrations)).rejects.toThrow(
        /002-resume\.cypher:3:1: statement 3: \/ by zero/,
      );
    }
    // Two tries, one node: statements 1 and 2 committed once and were not run again.
    expect(await personCount('person:runner-migration')).toBe(1);
    const partial = await migrationStatus(connection.executor, migrations);
    expect(partial).toMatchObject([{ file: '002-resume.cypher', state: 'partial', statements: 3, done: 2 }]);
    expect(formatMigrationStatus(partial)).toMatch(
      /^002-resume\.cypher\s+partial\s+2\/3 statements\s+run `backchannel schema apply` to resume/,
    );

    // The committed statements may not change; the failed one may be fixed, and the migration resumes.
    await writeFile(file, `CREATE (:Person {id: 'person:runner-migration', name: 'Twice'});\nRETURN 1;`);
    await expect(applySchema(connection.executor, migrations)).rejects.toThrow(
      /002-resume\.cypher: its first 2 statement\(s\), already committed, were changed/,
    );
    await writeFile(
      file,
      `${first}CREATE INDEX runner_resume IF NOT EXISTS FOR (p:Person) ON (p.runnerResume);\nRETURN 1 / 1;`,
    );
    expect((await applySchema(connection.executor, migrations)).applied).toEqual(['002-resume.cypher']);
    expect(await personCount('person:runner-migration')).toBe(1);
    expect(await migrationStatus(connection.executor, migrations)).toMatchObject([
      { file: '002-resume.cypher', state: 'applied', statements: 3, done: 3 },
    ]);
    await connection.executor.write("MATCH (p:Person {id: 'person:runner-migration'}) DELETE p");
    await connection.executor.write('DROP INDEX runner_resume IF EXISTS');
    await connection.executor.write("MATCH (m:SchemaMigration {ref: '002-resume.cypher'}) DELETE m");
  });

  it('6. schema status lists the project’s migrations and exits 0 when all are applied', async () => {
    await connection.executor.write('MATCH (m:SchemaMigration) DELETE m');
    const r = await shell(`"${BIN}" schema status`, '');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No numbered migrations|applied/);
  });
});
