/**
 * A real Backchannel API server on a free loopback port, against the run's Neo4j, for tests that
 * speak HTTP to it as the client does.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import { AnswerCache } from '../../server/api/answer-cache.js';
import { createApp } from '../../server/api/app.js';
import type { AppDeps } from '../../server/api/app.js';
import { PROJECT_ROOT } from '../../server/config.js';
import type { Connection } from '../../server/db/connect.js';
import { loadLibrary } from '../../server/queries/library.js';

// Answers are asserted field by field in the tests; typing each one here would only repeat answers.ts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; body: any; headers: Headers };

export interface TestApi {
  readonly base: string;
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<Answer>;
  post(pathname: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  close(): Promise<void>;
}

export async function startApi(connection: Connection, overrides: Partial<AppDeps> = {}): Promise<TestApi> {
  const app = createApp({
    executor: connection.executor,
    logger: pino({ level: 'silent' }),
    neo4jMode: connection.mode,
    library: loadLibrary(path.join(PROJECT_ROOT, 'cypher', 'library')),
    // As `backchannel serve` runs: every API test also checks that cached answers are right answers.
    answerCache: new AnswerCache(() => connection.executor.dataVersion(), { maxBytes: 32 * 2 ** 20 }),
    ...overrides,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (url: string, init: RequestInit): Promise<Answer> => {
    const response = await fetch(`${base}${url}`, init);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (e.g. a static file): keep the text.
    }
    return { status: response.status, body, headers: response.headers };
  };
  return {
    base,
    get: (url, headers = {}) => call(url, { headers }),
    post: (url, body, headers = {}) =>
      call(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
