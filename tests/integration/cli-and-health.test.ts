/**
 * The commands and the server as a user runs them: real processes, real Neo4j.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { INTERACTIVE, openConnection } from '../../server/db/connect.js';
import { countByLabelAndType } from '../../server/queries/stats.js';
import { startApi } from '../support/api.js';
import { emptyDatabase, testConnection, testEnv } from '../support/neo4j.js';

const run = promisify(execFile);
const connection = testConnection();
beforeEach(() => emptyDatabase(connection));
afterAll(() => connection.close());

async function backchannel(args: string[], env = testEnv()) {
  try {
    const { stdout, stderr } = await run(path.join(PROJECT_ROOT, 'bin', 'backchannel'), args, {
      env,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('backchannel load', () => {
  it('exits 2, names each rejected line on stderr and loads the rest', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'backchannel-cli-'));
    const file = path.join(dir, 'input.ndjson');
    await writeFile(
      file,
      [
        JSON.stringify({ node: 'Person', properties: { name: 'Cli Person' } }),
        JSON.stringify({ node: 'Account', properties: { platform: 'twitter' } }),
      ].join('\n'),
    );
    const result = await backchannel(['load', file, '--report-dir', path.join(dir, 'report')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`rejected ${file}:2: properties.handle`);
    expect(result.stderr).toMatch(/Loaded: 1 of 2 records/);
    expect(result.stderr).toContain(`kept in ${path.join(dir, 'report', 'rejects.ndjson')}`);
    expect((await countByLabelAndType(connection.executor)).nodes.Person).toBe(1);
  });

  it('writes nothing with --dry-run', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'backchannel-cli-'));
    const file = path.join(dir, 'input.ndjson');
    await writeFile(file, JSON.stringify({ node: 'Person', properties: { name: 'Dry' } }));
    const result = await backchannel(['load', '--dry-run', file, '--report-dir', path.join(dir, 'r')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Dry run \(nothing written\): 1 of 1 records/);
    expect((await countByLabelAndType(connection.executor)).nodes.Person).toBe(0);
  });

  it('names a bad configuration variable in one line', async () => {
    const result = await backchannel(['schema', 'apply'], { ...testEnv(), NEO4J_URI: 'http://localhost:7474' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^backchannel: NEO4J_URI: must be a URI like neo4j:\/\/host:7687/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the health endpoint', () => {
  it('answers with the Neo4j version and the counts per label', async () => {
    await backchannel([
      'load',
      path.join(PROJECT_ROOT, 'cypher/fixtures/founding-case.ndjson'),
      '--report-dir',
      await mkdtemp(path.join(tmpdir(), 'h-')),
    ]);
    const api = await startApi(connection);
    try {
      const { status, body } = await api.get('/api/health');
      expect(status).toBe(200);
      expect(body.neo4j.version).toMatch(/^5\.26\./);
      expect(body.neo4j.edition).toBeTruthy();
      expect(body.counts.nodes.Message).toBeGreaterThanOrEqual(13);
      expect(body.counts.relationships.AFTER).toBe(2);
      expect((await api.get('/api/ready')).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('reports not ready, with Retry-After, when Neo4j cannot be reached', async () => {
    const unreachable = openConnection(
      { uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x', database: 'neo4j' },
      'unreachable test server',
      INTERACTIVE,
    );
    const api = await startApi(unreachable);
    try {
      const ready = await api.get('/api/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe('5');
      const health = await api.get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body.status).toBe('unavailable');
      const started = Date.now();
      const search = await api.get('/api/search?q=wikileaks');
      expect(search.status).toBe(503);
      expect(search.headers.get('retry-after')).toBe('5');
      expect(search.body.error.code).toBe('database_unavailable');
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await api.close();
      await unreachable.close();
    }
  });
});
