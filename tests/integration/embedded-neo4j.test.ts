/**
 * The embedded server's life cycle, on its own home and ports (independent of the run's Neo4j).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../server/config.js';
import { openConnection } from '../../server/db/connect.js';
import { EmbeddedNeo4j } from '../../server/db/embedded/neo4j.js';

const settings = {
  ...loadConfig({}).embedded,
  home: path.join(PROJECT_ROOT, '.neo4j', 'test-lifecycle'),
  boltPort: 7689,
  httpPort: 7476,
  heap: '1g',
  pageCache: '256m',
};
const embedded = new EmbeddedNeo4j(settings, () => {});
afterAll(() => embedded.stop());

describe('the embedded Neo4j', () => {
  it('starts once even when asked twice at the same time, answers Bolt with auth, and stops cleanly', async () => {
    await embedded.stop();
    const [a, b] = await Promise.all([embedded.start(), new EmbeddedNeo4j(settings, () => {}).start()]);
    expect(a).toEqual(b);
    const status = embedded.status();
    expect(status).toMatchObject({ running: true, installed: true, version: expect.stringMatching(/^5\.26\./) });
    const jvms = await promisify(execFile)('pgrep', ['-f', '--', `--home-dir=${settings.home}`]);
    expect(jvms.stdout.trim().split('\n')).toEqual([String(status.pid)]);

    const again = await embedded.start();
    expect(embedded.status().pid).toBe(status.pid);
    expect(again.password).toBe(a.password);

    const connection = openConnection(a, 'lifecycle test');
    try {
      expect((await connection.executor.serverInfo()).edition).toBe('community');
      const listen = await connection.executor.rows(
        "SHOW SETTINGS YIELD name, value WHERE name IN ['server.bolt.listen_address', 'dbms.security.auth_enabled', 'dbms.security.allow_csv_import_from_file_urls'] RETURN name, value ORDER BY name",
      );
      expect(listen).toEqual([
        { name: 'dbms.security.allow_csv_import_from_file_urls', value: 'false' },
        { name: 'dbms.security.auth_enabled', value: 'true' },
        { name: 'server.bolt.listen_address', value: '127.0.0.1:7689' },
      ]);
    } finally {
      await connection.close();
    }
    const wrong = openConnection({ ...a, password: 'not-it' }, 'wrong password', { maxRetryMs: 1_000 });
    await expect(wrong.executor.serverInfo()).rejects.toThrow(/credentials|auth/i);
    await wrong.close();

    expect(await embedded.stop()).toBe(true);
    expect(embedded.status().running).toBe(false);
    expect(await embedded.stop()).toBe(false);
  });

  it('says what to install when java is missing', async () => {
    const bin = await mkdtemp(path.join(tmpdir(), 'no-java-'));
    await symlink(process.execPath, path.join(bin, 'node'));
    await symlink('/bin/bash', path.join(bin, 'bash'));
    const result = await promisify(execFile)(path.join(PROJECT_ROOT, 'bin', 'backchannel'), ['neo4j', 'start'], {
      env: { PATH: bin, BACKCHANNEL_HOME: '.neo4j/test-no-java', BACKCHANNEL_NEO4J_BOLT_PORT: '7699' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(result).toMatchObject({ code: 1 });
    expect((result as { stderr: string }).stderr).toMatch(
      /java not found: install a Java 17 or 21 runtime .*apt-get install openjdk-17/,
    );
  });
});
