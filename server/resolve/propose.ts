/**
 * Proposing which accounts belong to which people, from what the accounts show: the display names
 * seen with an email address or a handle, and the address itself. Pure: accounts in, proposals out.
 *
 * Names meet on first name, last name and generational suffix ("Allen, Phillip K." and "Phillip K
 * Allen"); a middle initial must not conflict ("Marlow, Quincy E" and "Quincy J. Marlow" are two
 * people, and "Quincy Marlow" beside both is left undecided). Role and list addresses, and display
 * names that are not a person's, propose nothing. An address whose local part spells the same name
 * (phillip.allen@…, k..allen@…) strengthens a proposal; an address alone makes a weak one.
 */
import { slug } from '../model/keys.js';
import { addressName, groupBy, isRoleAddress, middlesAgree, nameBlock, parseName } from './names.js';
import type { AddressName, PersonName } from './names.js';

export interface AccountFacts {
  readonly id: string;
  readonly platform: string;
  readonly handle: string;
  readonly displayNames: readonly string[];
}

export type LinkType = 'RESOLVED_TO' | 'SAME_AS';

/** A link to propose: an account to a person, or two entities as one. */
export interface LinkProposal {
  readonly type: LinkType;
  readonly from: string;
  readonly to: string;
  /** The person to create on acceptance when `to` does not exist yet. */
  readonly toName?: string;
  readonly confidence: number;
  readonly method: string;
  readonly reason: string;
  readonly evidence: readonly string[];
}

export interface Proposal {
  readonly account: string;
  /** The person's name as most often written. */
  readonly person: string;
  /** The proposed person's identity, scoped to resolution: `resolve:phillip-k-allen`. */
  readonly personRef: string;
  readonly confidence: number;
  readonly method: 'display-name' | 'address';
  readonly reason: string;
  readonly evidence: string[];
}

interface Identity {
  readonly first: string;
  readonly last: string;
  readonly suffix: string;
  readonly middle: string;
}

interface Seen {
  readonly account: AccountFacts;
  readonly identity: Identity;
  readonly names: PersonName[];
  readonly address: AddressName | undefined;
}

/**
 * The one identity an account's display names agree on, or none (a shared mailbox, a list). On one
 * mailbox, "Don C Baughman" and "Don Baughman Sr." are one person: a missing middle initial or
 * suffix does not conflict, two different ones do.
 */
function identityOfNames(names: readonly PersonName[]): Identity | undefined {
  const blocks = new Set(names.map((n) => nameBlock({ first: n.first, last: n.last })));
  const middles = new Set(names.map((n) => n.middle).filter(Boolean));
  const suffixes = new Set(names.map((n) => n.suffix).filter(Boolean));
  if (blocks.size !== 1 || middles.size > 1 || suffixes.size > 1) return undefined;
  const { first, last } = names[0]!;
  return { first, last, suffix: [...suffixes][0] ?? '', middle: [...middles][0] ?? '' };
}

function addressAgrees(address: AddressName | undefined, identity: Identity): boolean {
  return (
    address !== undefined &&
    address.last === identity.last &&
    (address.first === '' || address.first === identity.first) &&
    middlesAgree(address.middle, identity.middle)
  );
}

function observe(account: AccountFacts): Seen | undefined {
  const email = account.platform === 'email';
  if (email && isRoleAddress(account.handle)) return undefined;
  const address = email ? addressName(account.handle) : undefined;
  const names = account.displayNames.map(parseName).filter((n): n is PersonName => n !== undefined);
  if (names.length > 0) {
    const identity = identityOfNames(names);
    return identity && { account, identity, names, address };
  }
  // Only an address that spells a first and a last name (not k..allen) stands for a person alone, and
  // not when the account is shown under a name that is not a person's ("CBS SportsLine.com").
  const named = account.displayNames.some((d) => d.trim().includes(' '));
  if (address && address.first !== '' && !named)
    return { account, identity: { ...address, suffix: '' }, names: [], address };
  return undefined;
}

export function personRef(identity: Identity): string {
  return `resolve:${slug([identity.first, ...identity.middle, identity.last, identity.suffix].join(' '))}`;
}

export function proposeLinks(accounts: readonly AccountFacts[]): Proposal[] {
  const seen = accounts.map(observe).filter((s): s is Seen => s !== undefined);
  const byBlock = groupBy(seen, (s) => nameBlock(s.identity));
  // "Don Baughman" beside "Don Baughman Jr." and "Don Baughman Sr.": which one is not known.
  const suffixed = new Set(seen.filter((s) => s.identity.suffix).map((s) => `${s.identity.first} ${s.identity.last}`));
  const proposals: Proposal[] = [];
  for (const [block, members] of byBlock) {
    if (!members[0]!.identity.suffix && suffixed.has(block)) continue;
    const middles = new Set(members.map((s) => s.identity.middle).filter(Boolean));
    const byPerson = groupBy(
      // With two middle initials in play, an account without one could be either person.
      members.filter((s) => middles.size < 2 || s.identity.middle !== ''),
      (s) => (middles.size < 2 ? ([...middles][0] ?? '') : s.identity.middle),
    );
    for (const [middle, people] of byPerson) {
      const identity = { ...people[0]!.identity, middle };
      const ref = personRef(identity);
      const person = displayName(people, identity);
      for (const s of people) proposals.push(proposal(s, person, ref, identity));
    }
  }
  return proposals.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
}

function proposal(s: Seen, person: string, ref: string, identity: Identity): Proposal {
  const { account, names } = s;
  const agrees = addressAgrees(s.address, identity);
  if (names.length === 0) {
    return {
      account: account.id,
      person,
      personRef: ref,
      confidence: 0.5,
      method: 'address',
      reason: `the address ${account.handle} spells the name "${person}"`,
      evidence: [`address ${account.handle}`],
    };
  }
  // An account that never shows the middle initial joins the person who has one, less surely.
  const vague = identity.middle !== '' && s.identity.middle === '' ? 0.1 : 0;
  return {
    account: account.id,
    person,
    personRef: ref,
    confidence: Math.round(((agrees ? 0.9 : 0.7) - vague) * 10) / 10,
    method: 'display-name',
    reason: agrees
      ? `display name "${person}" matches the address ${account.handle}`
      : `display name "${person}" seen with ${account.handle}`,
    evidence: [...new Set(account.displayNames.filter((d) => parseName(d)))].map(
      (d) => `display name "${d}" on ${account.handle}`,
    ),
  };
}

/** The spelling seen most often among those that carry the person's middle initial, if any. */
function displayName(people: readonly Seen[], identity: Identity): string {
  const spellings = people.flatMap((s) => s.names).filter((n) => n.middle === identity.middle);
  if (spellings.length === 0) {
    const words = [identity.first, ...identity.middle.split('').map((m) => `${m}.`), identity.last];
    return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
  }
  const counts = new Map<string, number>();
  for (const n of spellings) counts.set(n.display, (counts.get(n.display) ?? 0) + 1);
  return [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1),
  )[0]![0];
}
