/**
 * Proposing which accounts belong to which people, from what the accounts show: the display names
 * seen with an email address or a handle, and the address itself. Pure: accounts in, proposals out.
 *
 * Names are compared by a key of first and last name ("Allen, Phillip K." and "Phillip K Allen"
 * meet as "phillip allen"); an address whose local part spells the same name (phillip.allen@…)
 * strengthens the proposal, one that spells only a name is weaker.
 */
import { slug } from '../model/keys.js';

export interface AccountFacts {
  readonly id: string;
  readonly platform: string;
  readonly handle: string;
  readonly displayNames: readonly string[];
}

export interface Proposal {
  readonly account: string;
  /** The person's name as most often written. */
  readonly person: string;
  readonly confidence: number;
  readonly method: 'display-name' | 'address';
  readonly reason: string;
  readonly evidence: string[];
}

const NOT_A_NAME =
  /(^|\b)(team|support|info|admin|office|news|noreply|no-reply|mailer|daemon|list|group|dept|department|desk)(\b|$)/i;

/** "Allen, Phillip K." → "Phillip K Allen"; quotes, e-mail addresses and titles dropped. */
export function cleanName(raw: string): string | undefined {
  let name = raw
    .replace(/<[^>]*>/g, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/["'()]/g, ' ')
    .replace(/\b(mr|mrs|ms|dr|prof)\.?\s/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const comma = /^([^,]+),\s*([^,]+)$/.exec(name);
  if (comma) name = `${comma[2]} ${comma[1]}`;
  name = name.replace(/\s*\/.*$/, '').trim(); // "Phillip K Allen/HOU/ECT"
  const words = name.split(' ').filter(Boolean);
  if (words.length < 2 || words.length > 5 || NOT_A_NAME.test(name)) return undefined;
  if (!words.every((w) => /^[\p{L}][\p{L}.'-]*$/u.test(w))) return undefined;
  // Shouted or whispered names get title case; a name written with care ("Jane van Dijk") stays as is.
  const uniform = name === name.toUpperCase() || name === name.toLowerCase();
  return uniform ? words.map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join(' ') : words.join(' ');
}

/** First and last name, folded: the key two spellings of one name share. */
export function nameKey(name: string): string {
  const words = slug(name)
    .split('-')
    .filter((w) => w.length > 1);
  return words.length >= 2 ? `${words[0]} ${words.at(-1)}` : '';
}

/** The name an address's local part spells, if it spells one ("phillip.allen" → "phillip allen"). */
export function addressNameKey(handle: string): string {
  const local = handle.split('@')[0] ?? '';
  const words = local.split(/[._-]+/).filter((w) => /^[a-z]{2,}$/i.test(w));
  return words.length >= 2 ? `${words[0]!.toLowerCase()} ${words.at(-1)!.toLowerCase()}` : '';
}

export function proposeLinks(accounts: readonly AccountFacts[]): Proposal[] {
  const seen: { account: AccountFacts; key: string; spellings: string[] }[] = [];
  const spellingsByKey = new Map<string, string[]>();
  for (const account of accounts) {
    const byKey = new Map<string, string[]>();
    for (const name of account.displayNames.map(cleanName)) {
      const key = name ? nameKey(name) : '';
      if (key) byKey.set(key, [...(byKey.get(key) ?? []), name!]);
    }
    // Several different names on one account (a shared or role mailbox): no proposal from names.
    if (byKey.size > 1) continue;
    const [key, spellings] = byKey.size === 1 ? [...byKey.entries()][0]! : ['', []];
    seen.push({ account, key, spellings });
    if (key) spellingsByKey.set(key, [...(spellingsByKey.get(key) ?? []), ...spellings]);
  }
  const proposals: Proposal[] = [];
  for (const { account, key, spellings } of seen) {
    const addressKey = account.platform === 'email' ? addressNameKey(account.handle) : '';
    if (key) {
      // One person per name: the spelling seen most often across every account that bears it.
      const person = mostCommon(spellingsByKey.get(key)!);
      const agrees = addressKey === key;
      proposals.push({
        account: account.id,
        person,
        confidence: agrees ? 0.9 : 0.7,
        method: 'display-name',
        reason: agrees
          ? `display name "${person}" matches the address ${account.handle}`
          : `display name "${person}" seen with ${account.handle}`,
        evidence: [...new Set(spellings)].map((s) => `display name "${s}" on ${account.handle}`),
      });
    } else if (addressKey) {
      const person = mostCommon(
        spellingsByKey.get(addressKey) ?? [addressKey.replace(/\b\p{L}/gu, (c) => c.toUpperCase())],
      );
      proposals.push({
        account: account.id,
        person,
        confidence: 0.5,
        method: 'address',
        reason: `the address ${account.handle} spells the name "${person}"`,
        evidence: [`address ${account.handle}`],
      });
    }
  }
  return proposals;
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0]![0];
}
