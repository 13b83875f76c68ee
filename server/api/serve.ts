import type { Server } from 'node:http';
import type { Logger } from 'pino';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import type { Config } from '../config.js';
import { loadLibrary } from '../queries/library.js';
import type { Connection } from '../db/connect.js';
import { VERSION } from '../version.js';
import { AnswerCache } from './answer-cache.js';
import { createApp } from './app.js';

/**
 * Listens until SIGINT/SIGTERM, then closes the HTTP server, the driver and whatever `onShutdown`
 * owns (the embedded Neo4j when `up` started it).
 */
export async function startServer(
  config: Config,
  connection: Connection,
  logger: Logger,
  onShutdown: () => Promise<void> = async () => {},
): Promise<Server> {
  const app = createApp({
    executor: connection.executor,
    logger,
    neo4jMode: connection.mode,
    library: loadLibrary(path.join(PROJECT_ROOT, 'cypher', 'library')),
    limits: {
      rowCap: config.server.rowCap,
      queryTimeoutMs: config.server.queryTimeoutMs,
      consolePerMinute: config.server.consolePerMinute,
    },
    ...(config.server.apiToken ? { apiToken: config.server.apiToken } : {}),
    clientDir: path.join(PROJECT_ROOT, 'client', 'dist'),
    version: VERSION,
    ...(config.server.answerCacheBytes > 0
      ? {
          answerCache: new AnswerCache(() => connection.executor.dataVersion(), {
            maxBytes: config.server.answerCacheBytes,
          }),
        }
      : {}),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    // Express 5 calls back with the error when listening fails (a port in use): not listening, then.
    const s = app.listen(config.server.port, config.server.host, (error?: Error) =>
      error ? reject(error) : resolve(s),
    );
    s.once('error', reject);
  });
  const url = `http://${config.server.host}:${config.server.port}`;
  logger.info({ url, neo4j: connection.mode }, `Backchannel is listening on ${url} (health: ${url}/api/health)`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    server.closeAllConnections();
    await connection.close();
    await onShutdown();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return server;
}
