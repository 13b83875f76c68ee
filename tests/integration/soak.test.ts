/**
 * A minute of mixed analyst traffic against a real server process on a generated graph of 10,000
 * messages: nothing fails but the console's deliberate 429s, and the server's memory stays flat.
 * Latency is not asserted here (the machine is shared); bench/soak.ts records it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubAccount, SIZES, typicalAccount } from '../../bench/generate/dataset.js';
import { loadGeneratedDataset } from '../../bench/generate/write.js';
import { memoryGrowth, mixedLoad, spawnServer, unexpectedStatuses } from '../../bench/mixed-load.js';
import type { ServerProcess } from '../../bench/mixed-load.js';
import { PROJECT_ROOT } from '../../server/config.js';
import { nodeId } from '../../server/model/keys.js';
import { emptyDatabase, testConnection, testEnv } from '../support/neo4j.js';

const SECONDS = 60;
const CONNECTIONS = 50;
/** Low enough that a minute of console traffic must run into it. */
const CONSOLE_PER_MINUTE = 30;
/**
 * A leak shows as memory that keeps growing; V8 settling its heap size does not. Allowed: 25% over
 * the settled level (measured here: 1.13, from 234 to 264 MB, on a busy machine).
 */
const MAX_GROWTH = 1.25;

const connection = testConnection();
const options = { messages: SIZES.S, seed: 5 };
let server: ServerProcess;

beforeAll(async () => {
  await emptyDatabase(connection);
  await loadGeneratedDataset(connection.executor, options);
  server = await spawnServer({ ...testEnv(), CONSOLE_RATE_LIMIT: String(CONSOLE_PER_MINUTE) });
}, 600_000);
afterAll(async () => {
  await server?.stop();
  await connection.close();
});

describe(`${SECONDS} s of mixed traffic from ${CONNECTIONS} connections`, () => {
  it('answers everything but the rate-limited console, without socket errors or timeouts, in flat memory', async () => {
    const result = await mixedLoad({
      base: server.base,
      seconds: SECONDS,
      connections: CONNECTIONS,
      hub: nodeId('Account', { ...hubAccount(options) }),
      typical: nodeId('Account', { ...typicalAccount(options) }),
      rss: server.rss,
    });
    const memory = memoryGrowth(result.rssSamples);
    const artifacts = path.join(PROJECT_ROOT, 'test-artifacts');
    await mkdir(artifacts, { recursive: true });
    await writeFile(path.join(artifacts, 'soak.json'), JSON.stringify({ ...result, memory }, null, 2));

    expect(unexpectedStatuses(result)).toEqual({});
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    // Every kind of request was served, many times over.
    for (const [route, { statuses }] of Object.entries(result.routes)) {
      expect(statuses[200] ?? 0, route).toBeGreaterThan(route === 'console' ? 0 : 100);
    }
    // The limit is live: the console was refused, and only up to its quota was let through.
    expect(result.routes.console!.statuses[429]).toBeGreaterThan(0);
    expect(result.routes.console!.statuses[200]).toBeLessThanOrEqual(CONSOLE_PER_MINUTE * 2);
    expect(result.rssSamples.length).toBeGreaterThanOrEqual(SECONDS);
    expect(memory.ratio).toBeLessThan(MAX_GROWTH);
  }, 180_000);

  it('is still healthy and ready afterwards', async () => {
    const ready = await fetch(`${server.base}/api/ready`);
    expect(ready.status).toBe(200);
  });
});
