/**
 * Waiting through an outage. The driver retries a transaction for a few seconds; a Neo4j restart on
 * a busy machine, or of a server with a large store, takes longer (37 s was seen on this project's CI
 * machine, minutes elsewhere). A load must not die of that: its transactions wait here until Neo4j
 * answers again, for a window the user sets (`--wait-for-neo4j`, NEO4J_WAIT_SECONDS), then run again.
 * Every write Backchannel retries is a MERGE, so running an interrupted batch again changes nothing
 * that it already stored.
 *
 * One wait is shared by every transaction of a connection that fails meanwhile (a load has several
 * in flight): one probe, one message, one verdict.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import neo4j from 'neo4j-driver';
import type { Driver } from 'neo4j-driver';
import { DatabaseUnavailableError } from '../errors.js';

export type OutageEvent =
  /** Neo4j is still away: `seconds` since the first failed attempt; sent about once a second. */
  | { readonly kind: 'waiting'; readonly seconds: number }
  /** It answers again after `seconds`; the waiting transactions run again. */
  | { readonly kind: 'back'; readonly seconds: number };

export interface OutagePolicy {
  /** How long Neo4j may stay away, counted from the start of the first attempt that failed. */
  readonly windowMs: number;
  readonly report?: (event: OutageEvent) => void;
  /** Between probes. */
  readonly pollMs?: number;
}

export class OutageWaiter {
  private current: Promise<boolean> | undefined;
  private since = Infinity;

  constructor(
    /** True once Neo4j answers a query on the database again; never throws. */
    private readonly probe: () => Promise<boolean>,
    private readonly policy: OutagePolicy,
  ) {}

  /**
   * Resolves when Neo4j answers again; rejects with a DatabaseUnavailableError naming the window when
   * it has stayed away longer than that since `since` (when the failed attempt started).
   */
  async wait(since: number, error: DatabaseUnavailableError): Promise<void> {
    this.since = Math.min(this.since, since);
    this.current ??= this.poll(error).finally(() => {
      this.current = undefined;
      this.since = Infinity;
    });
    const wasAway = await this.current;
    // Neo4j answers, yet this transaction has kept failing with a transient error for the whole
    // window (the driver retried each attempt already): that is not an outage to wait out.
    if (!wasAway && Date.now() - since >= this.policy.windowMs) throw error;
  }

  /** Resolves when the probe succeeds: true if it had failed first. */
  private async poll(error: DatabaseUnavailableError): Promise<boolean> {
    const pollMs = this.policy.pollMs ?? 1_000;
    let waited = false;
    for (;;) {
      if (await this.probe()) {
        if (waited) this.policy.report?.({ kind: 'back', seconds: this.seconds() });
        return waited;
      }
      if (Date.now() - this.since >= this.policy.windowMs) {
        throw new DatabaseUnavailableError(
          `Neo4j has not answered for ${this.seconds()} s, longer than the ${Math.round(this.policy.windowMs / 1000)} s allowed (--wait-for-neo4j, NEO4J_WAIT_SECONDS). ${error.message}`,
          error,
        );
      }
      waited = true;
      this.policy.report?.({ kind: 'waiting', seconds: this.seconds() });
      await sleep(pollMs);
    }
  }

  private seconds(): number {
    return Math.round((Date.now() - this.since) / 1000);
  }
}

/** The probe: one auto-commit query on the database, outside the driver's retries. */
export async function neo4jAnswers(driver: Driver, database: string): Promise<boolean> {
  const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
  try {
    await session.run('RETURN 1');
    return true;
  } catch {
    return false;
  } finally {
    await session.close().catch(() => undefined);
  }
}

/**
 * What the CLI shows on stderr: on a terminal one line, rewritten in place every second; in a log
 * (CI, a pipe) a line when the wait starts and then every 15 s, so a long outage does not flood it.
 */
export function outageReporter(
  stream: { write(text: string): unknown; isTTY?: boolean } = process.stderr,
  logEverySeconds = 15,
): (event: OutageEvent) => void {
  let lastLogged: number | undefined;
  return (event) => {
    if (event.kind === 'back') {
      lastLogged = undefined;
      stream.write(`${stream.isTTY ? '\r\x1b[2K' : ''}Neo4j is back after ${event.seconds} s; resuming.\n`);
      return;
    }
    const line = `waiting for Neo4j (${event.seconds} s)…`;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${line}`);
    } else if (lastLogged === undefined || event.seconds - lastLogged >= logEverySeconds) {
      lastLogged = event.seconds;
      stream.write(`${line}\n`);
    }
  };
}
