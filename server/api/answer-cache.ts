/**
 * Answers cached between writes. The graph only changes when something writes to it (a load, a
 * resolve decision, someone in Neo4j Browser), so an answer stays right until the next commit.
 * The data version is the bookmark of a trivial read transaction, which names the last transaction
 * committed to the database, whoever committed it: every cached answer is checked against it, so a
 * request that starts after a commit never sees an answer from before it.
 *
 * The version check is one tiny round trip, shared by every request that arrives while it is in
 * flight; a hit then costs no query. Entries are the serialized JSON, bounded by total size (least
 * recently used go first), so memory stays flat however many distinct questions are asked.
 */

export interface AnswerCacheOptions {
  /** Total size of the cached bodies, in bytes. */
  readonly maxBytes: number;
  /** Bodies larger than this are answered but not kept (default: a sixteenth of maxBytes). */
  readonly maxEntryBytes?: number;
}

export interface CachedAnswer {
  readonly body: string;
  readonly hit: boolean;
}

export interface AnswerCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

interface Check {
  readonly started: number;
  readonly version: Promise<string>;
}

export class AnswerCache {
  private readonly entries = new Map<string, string>();
  /** Answers being computed, by version and key: the same question asked at once is asked of Neo4j once. */
  private readonly pending = new Map<string, Promise<string>>();
  private version = '';
  private bytes = 0;
  private check: Check | undefined;
  private readonly maxEntryBytes: number;
  readonly stats: Omit<AnswerCacheStats, 'entries' | 'bytes'> = { hits: 0, misses: 0 };

  constructor(
    /** The database's current data version (see Executor.dataVersion). */
    private readonly currentVersion: () => Promise<string>,
    private readonly options: AnswerCacheOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.maxEntryBytes = options.maxEntryBytes ?? Math.floor(options.maxBytes / 16);
  }

  /** The answer for `key`: cached if nothing was committed since it was computed, else computed now. */
  async answer(key: string, compute: () => Promise<unknown>): Promise<CachedAnswer> {
    const version = await this.versionSince(this.now());
    if (version !== this.version) this.clear(version);
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, cached);
      this.stats.hits++;
      return { body: cached, hit: true };
    }
    this.stats.misses++;
    const slot = `${version}\u0000${key}`;
    let pending = this.pending.get(slot);
    if (!pending) {
      pending = compute().then((answer) => JSON.stringify(answer));
      this.pending.set(slot, pending);
      void pending
        .then((body) => {
          // Kept only if no commit was seen meanwhile (the answer may then be older than the version).
          if (version === this.version) this.keep(key, body);
        })
        .catch(() => undefined)
        .finally(() => this.pending.delete(slot));
    }
    return { body: await pending, hit: false };
  }

  snapshot(): AnswerCacheStats {
    return { ...this.stats, entries: this.entries.size, bytes: this.bytes };
  }

  /** A version read by a check that started no earlier than `since`: one that started before may
   * have missed a commit the caller already knows about. */
  private async versionSince(since: number): Promise<string> {
    for (;;) {
      const check = this.check;
      if (!check) return this.startCheck().version;
      if (check.started >= since) return check.version;
      await check.version.catch(() => undefined);
    }
  }

  private startCheck(): Check {
    const check: Check = { started: this.now(), version: this.currentVersion() };
    this.check = check;
    // Cleared before any waiter resumes (this handler was attached first), so the first waiter starts the next check.
    void check.version
      .finally(() => {
        if (this.check === check) this.check = undefined;
      })
      .catch(() => undefined);
    return check;
  }

  private clear(version: string): void {
    this.entries.clear();
    this.bytes = 0;
    this.version = version;
  }

  private keep(key: string, body: string): void {
    // Two bytes per UTF-16 code unit: what the string holds in memory.
    const size = 2 * (key.length + body.length);
    if (size > this.maxEntryBytes || this.entries.has(key)) return;
    this.entries.set(key, body);
    this.bytes += size;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= 2 * (oldest.length + value.length);
    }
  }
}
