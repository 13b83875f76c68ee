/**
 * The one fixture that decides which real Neo4j the integration tests use, once per run:
 *   1. NEO4J_URI (+ NEO4J_USER / NEO4J_PASSWORD) when set: a server the user names;
 *   2. a container from the same image as docker-compose.yml, when a Docker engine answers;
 *   3. otherwise Backchannel's embedded Neo4j, in its own home and ports (so a developer's data in
 *      the default server is never touched), started here and stopped at the end if we started it.
 * It never skips: without a Neo4j the run fails, loudly.
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig, PROJECT_ROOT } from '../../server/config.js';
import { openConnection } from '../../server/db/connect.js';
import type { Neo4jTarget } from '../../server/db/driver.js';
import { EmbeddedNeo4j } from '../../server/db/embedded/neo4j.js';

export const NEO4J_IMAGE = 'neo4j:5.26-community';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jTarget & { how: string };
  }
}

async function dockerAvailable(): Promise<boolean> {
  if (process.env.BACKCHANNEL_TEST_DOCKER === 'never') return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await Promise.race([
      getContainerRuntimeClient(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 15_000)),
    ]);
    return Boolean(client);
  } catch {
    return false;
  }
}

export default async function setup(project: TestProject) {
  const say = (line: string) => process.stderr.write(`[neo4j fixture] ${line}\n`);
  let target: Neo4jTarget;
  let how: string;
  let teardown = async () => {};

  const config = loadConfig();
  if (config.neo4j.kind === 'external') {
    target = config.neo4j;
    how = `the server named by NEO4J_URI (${target.uri})`;
  } else if (await dockerAvailable()) {
    const { Neo4jContainer } = await import('@testcontainers/neo4j');
    say(`starting container ${NEO4J_IMAGE}…`);
    const container = await new Neo4jContainer(NEO4J_IMAGE).withPassword('backchannel-test').start();
    target = {
      uri: container.getBoltUri(),
      user: container.getUsername(),
      password: container.getPassword(),
      database: 'neo4j',
    };
    how = `a Testcontainers container (${NEO4J_IMAGE})`;
    teardown = async () => void (await container.stop());
  } else {
    const boltPort = Number(process.env.BACKCHANNEL_TEST_BOLT_PORT ?? 7688);
    const embedded = new EmbeddedNeo4j(
      {
        ...config.embedded,
        // One home per port, so two test runs on different ports never share a database.
        home: path.join(PROJECT_ROOT, '.neo4j', `test-server-${boltPort}`),
        boltPort,
        httpPort: Number(process.env.BACKCHANNEL_TEST_HTTP_PORT ?? boltPort - 213),
        heap: '2g',
        pageCache: '1g',
      },
      say,
    );
    const wasRunning = embedded.status().running;
    target = await embedded.start();
    how = `Backchannel's embedded Neo4j (${target.uri}, ${wasRunning ? 'already running' : 'started for this run'})`;
    if (!wasRunning) teardown = async () => void (await embedded.stop());
  }

  const connection = openConnection(target, how);
  try {
    const info = await connection.executor.serverInfo();
    say(`integration tests use Neo4j ${info.version} ${info.edition} via ${how}`);
  } finally {
    await connection.close();
  }
  project.provide('neo4j', { ...target, how });
  return teardown;
}
