/**
 * Every subcommand, given bad input, fails with exactly one line on stderr and a non-zero exit: no
 * stack trace, no help text. The subcommands are listed from the commander program itself, so a new
 * one without a case here fails the test. Neo4j is named by an address where nothing listens, so no
 * case needs (or starts) a database.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../server/cli/program.js';
import { PROJECT_ROOT } from '../../server/config.js';

const BIN = path.join(PROJECT_ROOT, 'bin', 'backchannel');
const NOWHERE = 'bolt://127.0.0.1:1';
// Starting node with tsx takes seconds on a busy machine; this is a ceiling, not a measurement.
const SLOW = 120_000;

interface Case {
  readonly args: string[];
  readonly env?: NodeJS.ProcessEnv;
  /** What the line must say. */
  readonly says: RegExp;
}

let dir = '';
const file = (name: string) => path.join(dir, name);

/** Every command without subcommands, by its path ('neo4j start'). */
function leafCommands(command: Command, prefix: string[] = []): string[] {
  return command.commands.flatMap((sub) =>
    sub.commands.length ? leafCommands(sub, [...prefix, sub.name()]) : [[...prefix, sub.name()].join(' ')],
  );
}

/** Bad input per subcommand (functions: the files exist only once beforeAll has run). */
const CASES: Record<string, () => Case[]> = {
  'neo4j start': () => [
    { args: ['neo4j', 'start'], env: { BACKCHANNEL_NEO4J_BOLT_PORT: 'seven' }, says: /BACKCHANNEL_NEO4J_BOLT_PORT/ },
  ],
  'neo4j stop': () => [{ args: ['neo4j', 'stop', 'now'], says: /too many arguments/ }],
  'neo4j status': () => [{ args: ['neo4j', 'status', '--verbose'], says: /unknown option '--verbose'/ }],
  'schema apply': () => [{ args: ['schema', 'apply'], says: /cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1/ }],
  'schema status': () => [{ args: ['schema', 'status'], says: /cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1/ }],
  query: () => [
    { args: ['query'], says: /missing required argument 'name'/ },
    { args: ['query', 'no-such-query'], says: /no saved query named "no-such-query"/ },
  ],
  load: () => [
    { args: ['load', file('missing.ndjson')], says: /missing\.ndjson: no such file/ },
    {
      args: ['load', '--format', 'ira-tweets-csv', file('users.csv')],
      says: /users\.csv: this CSV has no .*tweet_id column.* — try --format nbc-users-csv/,
    },
    {
      args: ['load', '--format', 'ira-tweets-csv', file('other.csv')],
      says: /other\.csv: this CSV has no .*tweet_id column.*it looks like a CSV .* try --format mapped-csv/,
    },
    { args: ['load', '--format', 'ndjson', file('mail')], says: /mail: a folder.* try --format maildir/ },
    { args: ['load', '--batch-size', '0', file('users.csv')], says: /--batch-size.*must be a positive integer/ },
    { args: ['load', '--mapping', file('missing.yaml'), file('other.csv')], says: /missing\.yaml/ },
  ],
  cypher: () => [
    { args: ['cypher', file('missing.cypher')], says: /missing\.cypher: no such file/ },
    { args: ['cypher', file('q.cypher'), '--params', file('bad.json')], says: /bad\.json:2:8: not valid JSON/ },
    { args: ['cypher', file('q.cypher'), '--params', file('list.json')], says: /list\.json: must be a JSON object/ },
    { args: ['cypher', file('q.cypher'), '--param', 'x'], says: /expected name=value/ },
    { args: ['cypher', file('q.cypher')], says: /cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1: connection refused/ },
  ],
  'resolve propose': () => [{ args: ['resolve', 'propose'], says: /cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1/ }],
  'resolve accept': () => [
    { args: ['resolve', 'accept', 'account:email:a@b.org', 'person:a'], says: /cannot reach Neo4j at/ },
  ],
  'resolve reject': () => [
    { args: ['resolve', 'reject', 'account:email:a@b.org', 'person:a', '--by'], says: /--by.*argument missing/ },
  ],
  'resolve list': () => [{ args: ['resolve', 'list', '--status', 'maybe'], says: /--status.*maybe/ }],
  serve: () => [
    { args: ['serve', '--port', '70000'], says: /--port.*must be a port from 1 to 65535/ },
    {
      args: ['serve', '--port', String(busyPort)],
      says: new RegExp(`cannot listen on .*:${busyPort}: the port is in use`),
    },
  ],
  up: () => [{ args: ['up', '--host', ''], says: /--host.*must be a host name/ }],
  generate: () => [{ args: ['generate', 'all'], says: /too many arguments/ }],
};

let busyPort = 0;
const busy = createServer();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backchannel-errors-'));
  await writeFile(file('users.csv'), 'screen_name,followers_count,friends_count,created_at\njdoe,1,2,x\n');
  await writeFile(file('other.csv'), 'name,email\nJ. Doe,j@example.org\n');
  await writeFile(file('q.cypher'), 'RETURN $x AS x;\n');
  await writeFile(file('bad.json'), '{\n  "x": }\n');
  await writeFile(file('list.json'), '[1, 2]\n');
  await mkdir(file('mail/cur'), { recursive: true });
  await writeFile(file('mail/cur/1.eml'), 'From: a@example.org\nSubject: hi\n\nhello\n');
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => busy.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function backchannel(args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      BIN,
      args,
      {
        env: { ...process.env, NEO4J_URI: NOWHERE, NEO4J_PASSWORD: 'unused', LOG_LEVEL: 'silent', ...env },
        timeout: SLOW,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

describe('one-line errors', () => {
  it('has bad input for every subcommand', () => {
    expect(Object.keys(CASES).sort()).toEqual(leafCommands(buildProgram()).sort());
  });

  it.concurrent.each(Object.entries(CASES).flatMap(([name, cases]) => [[name, cases] as const]))(
    '%s',
    async (_, cases) => {
      for (const { args, env, says } of cases()) {
        const result = await backchannel(args, env);
        const lines = result.stderr.trimEnd().split('\n');
        expect(lines, `${args.join(' ')}: ${result.stderr}`).toHaveLength(1);
        expect(lines[0]).toMatch(/^backchannel: /);
        expect(lines[0]).toMatch(says);
        expect(result.code, args.join(' ')).not.toBe(0);
      }
    },
    SLOW * 6,
  );

  it(
    'rejects an unknown command in one line',
    async () => {
      const result = await backchannel(['frobnicate']);
      expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/unknown command 'frobnicate'/)]);
      expect(result.code).not.toBe(0);
    },
    SLOW,
  );
});
