import { describe, expect, it } from 'vitest';
import { generateDataset, hubAccount, typicalAccount } from '../../bench/generate/dataset.js';
import { nodeId } from '../../server/model/keys.js';
import { toWrites } from '../../server/model/records.js';
import type { WriteRecord } from '../../server/model/records.js';

const MESSAGES = 2000;
const records = [...generateDataset({ messages: MESSAGES })];
const lines = records.map((r) => JSON.stringify(r));
const writes: WriteRecord[][] = records.map((r) => toWrites(r));

function accountId(account: { platform: string; handle: string }): string {
  return nodeId('Account', account);
}

/** Messages each account sent or received (To and Cc), zero for the silent ones. */
function degrees(): Map<string, number> {
  const degree = new Map<string, number>();
  for (const write of writes.flat()) {
    if (write.kind === 'node' && write.label === 'Account') degree.set(write.id, degree.get(write.id) ?? 0);
    if (write.kind !== 'relationship') continue;
    const end = write.type === 'SENT' ? write.from : write.type === 'TO' || write.type === 'CC' ? write.to : undefined;
    if (end?.label === 'Account') degree.set(end.id, (degree.get(end.id) ?? 0) + 1);
  }
  return degree;
}

describe('generateDataset', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect([...generateDataset({ messages: MESSAGES, seed: 1 })].map((r) => JSON.stringify(r))).toEqual(lines);
    const other = [...generateDataset({ messages: MESSAGES, seed: 2 })].map((r) => JSON.stringify(r));
    expect(other).not.toEqual(lines);
    expect(hubAccount({ messages: MESSAGES, seed: 2 })).not.toEqual(hubAccount({ messages: MESSAGES }));
  });

  it('emits valid records, one Source node and no per-record sources', () => {
    // toWrites throws on an invalid record: reaching here means every record passed.
    expect(writes).toHaveLength(records.length);
    expect(records.filter((r) => r.node === 'Source')).toHaveLength(1);
    expect(records.filter((r) => 'sources' in r)).toEqual([]);
  });

  it('produces exactly the requested messages, with unique refs', () => {
    const messages = writes.flat().filter((w) => w.kind === 'node' && w.label === 'Message');
    expect(messages).toHaveLength(MESSAGES);
    expect(new Set(messages.map((m) => m.id)).size).toBe(MESSAGES);
  });

  it('declares every node before a relationship uses it', () => {
    const seen = new Set<string>();
    const early: string[] = [];
    for (const write of writes.flat()) {
      if (write.kind === 'node') seen.add(write.id);
      else if (!seen.has(write.from.id) || !seen.has(write.to.id)) early.push(write.id);
    }
    expect(early).toEqual([]);
  });

  it('replies to earlier messages', () => {
    const sent = new Map<string, number>();
    let replies = 0;
    let emails = 0;
    for (const write of writes.flat()) {
      if (write.kind === 'node' && write.label === 'Message') {
        sent.set(write.id, Date.parse(String(write.props.sentFrom)));
        if (write.props.kind === 'email') emails++;
      }
      if (write.kind === 'relationship' && write.type === 'REPLIES_TO') {
        replies++;
        expect(sent.get(write.from.id)).toBeGreaterThanOrEqual(sent.get(write.to.id)!);
      }
    }
    expect(replies / emails).toBeGreaterThan(0.2);
    expect(replies / emails).toBeLessThan(0.4);
  });

  it('has a hub far busier than the median account, and a typical low-degree account', () => {
    const degree = degrees();
    const sorted = [...degree.values()].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const hub = degree.get(accountId(hubAccount({ messages: MESSAGES })))!;
    expect(hub).toBe(sorted[sorted.length - 1]);
    expect(hub).toBeGreaterThanOrEqual(20 * Math.max(1, median));
    const typical = degree.get(accountId(typicalAccount({ messages: MESSAGES })))!;
    expect(typical).toBeGreaterThanOrEqual(1);
    expect(typical).toBeLessThanOrEqual(25);
  });

  it('shares a top URL among many messages, under several spellings of some URLs', () => {
    const shared = new Map<string, number>();
    const spellings = new Map<string, Set<string>>();
    for (const write of writes.flat()) {
      if (write.kind !== 'relationship' || write.type !== 'LINKS_TO') continue;
      shared.set(write.to.id, (shared.get(write.to.id) ?? 0) + 1);
      const known = spellings.get(write.to.id) ?? new Set<string>();
      for (const s of write.accumulate.asWritten ?? []) known.add(s);
      spellings.set(write.to.id, known);
    }
    expect(Math.max(...shared.values())).toBeGreaterThanOrEqual(50);
    expect(Math.max(...[...spellings.values()].map((s) => s.size))).toBeGreaterThan(1);
  });

  it('rejects a nonsensical size', () => {
    expect(() => [...generateDataset({ messages: 0 })]).toThrow(RangeError);
  });
});
