import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { OutageWaiter, outageReporter } from '../../server/db/outage.js';
import type { OutageEvent } from '../../server/db/outage.js';
import { DatabaseUnavailableError } from '../../server/errors.js';

const unavailable = new DatabaseUnavailableError('Neo4j is unavailable: connection refused (127.0.0.1:7687)');

/** A probe that fails `failures` times, then answers; counts its calls. */
function probeAfter(failures: number) {
  const probe = { calls: 0, answers: async () => ++probe.calls > failures };
  return probe;
}

describe('waiting for Neo4j', () => {
  it('reads the window from NEO4J_WAIT_SECONDS: 180 s by default, 0 for none, and names the variable when bad', () => {
    expect(loadConfig({}).waitForNeo4jSeconds).toBe(180);
    expect(loadConfig({ NEO4J_WAIT_SECONDS: '0' }).waitForNeo4jSeconds).toBe(0);
    expect(() => loadConfig({ NEO4J_WAIT_SECONDS: '3m' })).toThrow(ConfigError);
    expect(() => loadConfig({ NEO4J_WAIT_SECONDS: '-1' })).toThrow(/^NEO4J_WAIT_SECONDS: /);
  });

  it('shares one wait among the transactions that fail meanwhile, and says when Neo4j is back', async () => {
    const probe = probeAfter(3);
    const events: OutageEvent[] = [];
    const waiter = new OutageWaiter(probe.answers, { windowMs: 60_000, pollMs: 5, report: (e) => events.push(e) });
    const now = Date.now();
    await Promise.all([waiter.wait(now, unavailable), waiter.wait(now, unavailable)]);
    expect(probe.calls).toBe(4);
    expect(events.map((e) => e.kind)).toEqual(['waiting', 'waiting', 'waiting', 'back']);
  });

  it('gives up once Neo4j has stayed away longer than the window, naming the window and the cause', async () => {
    const waiter = new OutageWaiter(probeAfter(Infinity).answers, { windowMs: 30, pollMs: 5 });
    await expect(waiter.wait(Date.now(), unavailable)).rejects.toThrow(
      /^Neo4j has not answered for \d+ s, longer than the 0 s allowed \(--wait-for-neo4j, NEO4J_WAIT_SECONDS\)\. Neo4j is unavailable: connection refused \(127\.0\.0\.1:7687\)$/,
    );
  });

  it('does not wait for ever on a transaction that keeps failing while Neo4j answers', async () => {
    const waiter = new OutageWaiter(probeAfter(0).answers, { windowMs: 1_000 });
    await expect(waiter.wait(Date.now(), unavailable)).resolves.toBeUndefined();
    await expect(waiter.wait(Date.now() - 2_000, unavailable)).rejects.toBe(unavailable);
  });
});

describe('the waiting message', () => {
  const sink = (isTTY: boolean) => {
    const stream = { isTTY, text: '', write: (t: string) => (stream.text += t) };
    return stream;
  };
  const outage = (report: (e: OutageEvent) => void, upTo: number) => {
    for (let s = 5; s <= upTo; s++) report({ kind: 'waiting', seconds: s });
    report({ kind: 'back', seconds: upTo + 1 });
  };

  it('rewrites one line in place on a terminal', () => {
    const tty = sink(true);
    outage(outageReporter(tty), 40);
    const clear = '\r\x1b[2K';
    expect(tty.text.startsWith(`${clear}waiting for Neo4j (5 s)…${clear}waiting for Neo4j (6 s)…`)).toBe(true);
    expect(tty.text.endsWith(`${clear}waiting for Neo4j (40 s)…${clear}Neo4j is back after 41 s; resuming.\n`)).toBe(
      true,
    );
    expect(tty.text.split('\n')).toHaveLength(2);
  });

  it('writes a line every 15 s to a log, not one a second', () => {
    const log = sink(false);
    outage(outageReporter(log), 40);
    expect(log.text).toBe(
      'waiting for Neo4j (5 s)…\nwaiting for Neo4j (20 s)…\nwaiting for Neo4j (35 s)…\nNeo4j is back after 41 s; resuming.\n',
    );
  });
});
