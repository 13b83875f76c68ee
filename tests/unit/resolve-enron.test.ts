/**
 * Precision and recall of `backchannel resolve` on real mail: the accounts of the four shared Enron
 * mailboxes (../shared/data/enron-maildir), read by the maildir parser, against a hand-labelled set
 * of account pairs (tests/fixtures/resolve/enron-pairs.csv; how it was built: README, "How good the
 * proposals are"). A pair is predicted "same" when both accounts are proposed to one person.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMaildir } from '../../server/ingest/email/index.js';
import { nodeId } from '../../server/model/keys.js';
import { proposeLinks } from '../../server/resolve/propose.js';
import type { AccountFacts, Proposal } from '../../server/resolve/propose.js';
import { sharedData } from '../support/shared-data.js';

const enron = sharedData('enron-maildir');
const PAIRS = path.join(import.meta.dirname, '..', 'fixtures', 'resolve', 'enron-pairs.csv');

/** Every account the mailboxes show, with every display name seen with it (as a load accumulates them). */
async function enronAccounts(): Promise<AccountFacts[]> {
  const accounts = new Map<string, { id: string; platform: string; handle: string; displayNames: string[] }>();
  for await (const parsed of parseMaildir(enron.path)) {
    if (!('record' in parsed)) continue;
    const record = parsed.record as { node?: string; properties: Record<string, unknown> };
    if (record.node !== 'Account') continue;
    const { platform, handle, displayNames } = record.properties as {
      platform: string;
      handle: string;
      displayNames?: string[];
    };
    const id = nodeId('Account', { platform, handle });
    const account = accounts.get(id) ?? { id, platform, handle, displayNames: [] };
    for (const name of displayNames ?? []) if (!account.displayNames.includes(name)) account.displayNames.push(name);
    accounts.set(id, account);
  }
  return [...accounts.values()];
}

function labelledPairs(): { a: string; b: string; same: boolean }[] {
  const [header, ...lines] = readFileSync(PAIRS, 'utf8').trim().split('\n');
  expect(header).toBe('a,b,label,why');
  return lines.map((line) => {
    const [a, b, label] = line.split(',');
    expect(['same', 'different']).toContain(label);
    return { a: a!, b: b!, same: label === 'same' };
  });
}

describe.skipIf(!enron.available)(`resolve on the Enron mailboxes${enron.why}`, () => {
  let accounts: AccountFacts[];
  let proposals: Proposal[];
  beforeAll(async () => {
    accounts = await enronAccounts();
    proposals = proposeLinks(accounts);
  }, 60_000);

  it('proposes people with precision ≥ 0.95 on at least 150 labelled pairs', () => {
    const person = new Map(proposals.map((p) => [p.account, p.personRef]));
    const known = new Set(accounts.map((a) => a.id));
    const pairs = labelledPairs();
    expect(pairs.length).toBeGreaterThanOrEqual(150);
    const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (const { a, b, same } of pairs) {
      expect(known.has(a) && known.has(b), `${a} and ${b} are accounts of the mailboxes`).toBe(true);
      const predicted = person.get(a) !== undefined && person.get(a) === person.get(b);
      counts[predicted ? (same ? 'tp' : 'fp') : same ? 'fn' : 'tn'] += 1;
    }
    const precision = counts.tp / (counts.tp + counts.fp);
    const recall = counts.tp / (counts.tp + counts.fn);
    process.stdout.write(
      `resolve on ${pairs.length} labelled Enron pairs (${counts.tp + counts.fn} same, ${counts.fp + counts.tn} different): ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (tp ${counts.tp}, fp ${counts.fp}, fn ${counts.fn}, tn ${counts.tn}); ` +
        `${proposals.length} proposals for ${accounts.length} accounts, ${new Set(person.values()).size} people\n`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('proposes no person for the lists, robots and role mailboxes among them', () => {
    const proposed = new Set(proposals.map((p) => p.account));
    for (const handle of [
      'announcements.enron@enron.com',
      'no.address@enron.com',
      'dl-ga-all_enron_worldwide1@enron.com',
      'the_economist-business-admin@lists.economist.com',
      'insynconline.6lzfz3m6.d@insync-palm.com',
      'exclusive_offers@sportsline.com',
      'system.administrator@enron.com',
      'noreply@hotornot.com',
      'tech_alert@listserv.dowjones.com',
      'shift.dl-portland@enron.com',
    ]) {
      expect(proposed.has(`account:email:${handle}`), handle).toBe(false);
    }
    // Annotations are not part of anyone's name.
    expect(proposals.filter((p) => /e-?mail|\(/i.test(p.person))).toEqual([]);
  });
});
