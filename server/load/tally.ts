/**
 * What a load's summary counts besides records: the files it actually read (a maildir is one input
 * and thousands of files), and the distinct nodes its records name per label (an account's record
 * comes with each of its tweets: 7,049 Account records were 1,042 accounts).
 */

/**
 * Files read, told from where each record came from. Parsers yield a file's records together, so a
 * change of file is a new file; nothing is kept per file, which keeps memory flat on a large maildir.
 */
export class FilesRead {
  private last: string | undefined;
  count = 0;

  see(file: string): void {
    if (file === this.last) return;
    this.last = file;
    this.count++;
  }
}

/**
 * cyrb53 (public domain): a 53-bit hash of a string. Ids are kept as these numbers, not as strings,
 * to keep a load of millions of nodes small; two ids share a hash with odds of about one in a
 * thousand at three million ids, the only way a count here can be off (by one).
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Records and distinct ids per name (a node label). */
export class Tally {
  private readonly ids = new Map<string, Set<number>>();
  readonly records: Record<string, number> = {};

  add(name: string, id: string): void {
    this.records[name] = (this.records[name] ?? 0) + 1;
    let seen = this.ids.get(name);
    if (!seen) this.ids.set(name, (seen = new Set()));
    seen.add(hash53(id));
  }

  distinct(): Record<string, number> {
    return Object.fromEntries([...this.ids].map(([name, seen]) => [name, seen.size]));
  }
}

/** "Account 1042 (7049 records), Person 3": distinct nodes per label, and the records where they differ. */
export function nodeCounts(nodes: Record<string, number>, records: Record<string, number>): string {
  const labels = Object.keys(nodes).sort((a, b) => a.localeCompare(b));
  if (labels.length === 0) return 'none';
  return labels
    .map((label) => {
      const n = nodes[label]!;
      const r = records[label] ?? n;
      return r === n ? `${label} ${n}` : `${label} ${n} (${r} records)`;
    })
    .join(', ');
}
