/**
 * A seeded, deterministic generator of a realistic correspondence graph, in the dataset record format
 * (server/model/records.ts), for benchmarks at sizes the real datasets never reach.
 *
 * Realistic means the shapes that make graph queries hard: activity is heavy-tailed (a hub account
 * writes to and hears from a large share of everyone, most accounts have a handful of messages), a
 * few URLs are shared over and over, messages cluster in bursts, and replies form threads.
 *
 * Memory stays flat whatever the size: the world (people, organizations, accounts, the URL pool) grows
 * with messages / 10 at most, and messages are yielded as they are made, with only a bounded ring of
 * recent emails kept to reply to.
 */
import { mulberry32 } from './random.js';
import type { Rng } from './random.js';

export interface GenerateOptions {
  messages: number;
  /** Default 1. The same seed and size always give the same records, in the same order. */
  seed?: number;
}

export const SIZES = { S: 10_000, M: 100_000, L: 1_000_000 } as const;

export interface AccountRef {
  platform: 'email' | 'twitter';
  handle: string;
}

type DatasetRecord = Record<string, unknown>;

const START = Date.UTC(2014, 0, 1);
const END = Date.UTC(2018, 11, 31, 23, 59, 59);
const DAY = 86_400_000;

/** How many recent emails can still be replied to: bounds memory at any size. */
const REPLY_RING = 10_000;
/** How many recently received emails each account remembers, to answer the senders of. */
const INBOX = 4;
const ZIPF_EXPONENT = 1.1;
const SOURCE_REF = 'bench-generator';

const EMAIL = 0;
const TWITTER = 1;

// ---------------------------------------------------------------------------------------------------
// Randomness: everything flows from the seed, never from Math.random, so runs can be compared.

/** Independent streams per purpose, so the world does not shift when message generation changes. */
function stream(seed: number, purpose: number): Rng {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(purpose + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return mulberry32(h ^ (h >>> 16));
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function gaussian(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Spreads index i over 0..n-1 without repeats, so consecutive people or organizations do not get
 * consecutive names (which would make the hub's neighbours all "Aaron …").
 */
function scatter(i: number, n: number, salt: number): number {
  // A golden-ratio step lands far from the previous pick in both name components.
  let step = Math.round(n * 0.618);
  while (gcd(step, n) !== 1) step++;
  return ((i % n) * step + salt) % n;
}

/** Samples ranks 0..n-1 with probability ∝ 1 / (rank + 1)^exponent: a few ranks take most draws. */
class Zipf {
  private readonly cdf: Float64Array;

  constructor(n: number, exponent: number) {
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) {
      total += 1 / (k + 1) ** exponent;
      this.cdf[k] = total;
    }
    for (let k = 0; k < n; k++) this.cdf[k]! /= total;
  }

  probability(rank: number): number {
    return this.cdf[rank]! - (rank > 0 ? this.cdf[rank - 1]! : 0);
  }

  sample(rng: Rng): number {
    const u = rng();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary. ASCII only, so handles can be derived from names without folding.

function words(text: string): readonly string[] {
  return text.trim().split(/\s+/);
}

const FIRST_NAMES = words(`
  Aaron Abigail Adrian Alice Amir Ana Andrew Anna Ben Bianca Boris Carla Carlos Chen Chloe Claire Daniel Dara
  David Diana Elena Elif Emma Ethan Fatima Felix Fiona Gabriel Grace Hana Hugo Ian Ines Ivan Jack James Jana
  Julia Karim Kate Lars Laura Leo Lina Lucas Maria Mark Maya Mei Nadia Nina Noah Olga Omar Paul Priya Rafael
  Rosa Sam Sara Sofia Tom Vera Yusuf
`);

const LAST_NAMES = words(`
  Abbott Adams Ahmed Alvarez Baker Banerjee Becker Bennett Brooks Campbell Carter Castro Chang Clarke Cohen
  Collins Cruz Dalton Diaz Dubois Edwards Evans Fischer Fleming Foster Garcia Gordon Grant Gupta Hansen Harper
  Hayes Hughes Ivanova Jensen Kaur Keller Khan Kim Klein Kowalski Lambert Larsen Lee Lopez Marsh Meyer Mills
  Moreau Murphy Nakamura Novak Okafor Olsen Ortiz Patel Perez Petrov Quinn Reyes Richter Rossi Russo Sato
  Schmidt Shaw Silva Singh Sokolov Stone Suzuki Tanaka Torres Vargas Walsh Weber Wong Yilmaz Young Zhang
`);

const ORG_STEMS = words(`
  Harbor Summit Meridian Granite Beacon Cobalt Crescent Falcon Juniper Keystone Lantern Maple Northgate Orchid
  Pioneer Quarry Redwood Sterling Tidewater Union Vantage Willow Zenith Atlas Bridgeway Cedar Delta Evergreen
  Frontier Gateway Horizon Ironwood Jasper Kingfisher Liberty Monarch Nimbus Oakridge Paragon Riverside
`);
const ORG_SUFFIXES = words(`
  Group Partners Holdings Media Consulting Capital Foundation Associates Strategies Analytics Committee Press
`);
const ORG_PLACES = words(`
  Northern Southern Eastern Western Central Atlantic Pacific Coastal Highland Metro National Global United Royal
  Civic Inland Lakeside Midland Capitol Continental
`);
const ORG_TYPES: Record<string, string> = {
  Group: 'company',
  Partners: 'company',
  Holdings: 'company',
  Media: 'publisher',
  Consulting: 'consultancy',
  Capital: 'investment firm',
  Foundation: 'foundation',
  Associates: 'law firm',
  Strategies: 'campaign',
  Analytics: 'company',
  Committee: 'committee',
  Press: 'publisher',
};
/** Personal mailboxes for a person's second and third addresses, apart from the work one. */
const PERSONAL_DOMAINS = ['postbox.example', 'inbox.example', 'mailhaven.example'] as const;

const TOPICS = [
  'Quarterly numbers',
  'Meeting on Thursday',
  'Draft statement',
  'Travel plans',
  'Budget review',
  'Press inquiry',
  'Contract terms',
  'Board agenda',
  'Follow-up from yesterday',
  'Interview request',
  'Polling memo',
  'Donor list',
  'Event logistics',
  'Talking points',
  'Research summary',
  'Legal question',
  'Introductions',
  'Schedule change',
  'Website launch',
  'Confidential',
] as const;
const TOPIC_OBJECTS = [
  'Q1',
  'Q2',
  'Q3',
  'Q4',
  'the fund',
  'the merger',
  'the tour',
  'the hearing',
  'the release',
  'London',
  'Moscow',
  'New York',
  'the conference',
  'the launch',
  'the audit',
  'the campaign',
] as const;
const WORDS = words(`
  please see attached the latest draft before we send it out can you confirm numbers for tomorrow call thanks
  again agree with this let me know if anything changes our friends want a meeting next week keep quiet until
  announcement great news talked them about plan schedule press already asked story deadline update source
  documents review soon happy to help should go ahead now wait on legal sign off
`);
const GREETINGS = ['Hi', 'Hello', 'Dear', 'Hey'] as const;
const ROLES = ['employee', 'employee', 'employee', 'employee', 'director', 'consultant', 'counsel'] as const;
const SECOND_ROLES = ['advisor', 'board member', 'donor'] as const;

function sentence(rng: Rng, min: number, max: number): string {
  const length = min + Math.floor(rng() * (max - min + 1));
  const chosen: string[] = [];
  for (let i = 0; i < length; i++) chosen.push(pick(rng, WORDS));
  const text = chosen.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function topicText(topic: number): string {
  const object = TOPIC_OBJECTS[Math.floor(topic / TOPICS.length) % TOPIC_OBJECTS.length]!;
  return `${TOPICS[topic % TOPICS.length]!} – ${object}`;
}
const TOPIC_COUNT = TOPICS.length * TOPIC_OBJECTS.length;

// ---------------------------------------------------------------------------------------------------
// The world: who exists, who controls which account, who works where. Rebuilt cheaply (it is a
// fraction of the messages) by hubAccount() and typicalAccount() so tests need not hold the stream.

interface Person {
  readonly name: string;
  readonly first: string;
  /** Local part of the person's addresses and the stem of their Twitter handles. */
  readonly local: string;
  readonly accounts: number[];
  readonly affiliations: { org: number; role: string }[];
}

interface Organization {
  readonly name: string;
  readonly orgType: string;
  readonly domain: string;
}

interface World {
  readonly seed: number;
  readonly messages: number;
  readonly platformOf: Uint8Array;
  readonly handles: string[];
  readonly ownerOf: Int32Array;
  readonly people: Person[];
  readonly orgs: Organization[];
  /** Account indices by platform, in index order: their position is the account's Zipf rank. */
  readonly emailAccounts: Int32Array;
  readonly twitterAccounts: Int32Array;
  readonly senders: Zipf;
  readonly emailRecipients: Zipf;
  readonly twitterRecipients: Zipf;
  readonly typical: number;
}

function personName(p: number): { name: string; first: string; local: string } {
  const combos = FIRST_NAMES.length * LAST_NAMES.length;
  const within = scatter(p, combos, 12_345);
  const block = Math.floor(p / combos);
  const first = FIRST_NAMES[within % FIRST_NAMES.length]!;
  const last = LAST_NAMES[Math.floor(within / FIRST_NAMES.length)]!;
  // Beyond the plain combinations, a middle initial, then a number, keeps every name (the key) unique.
  const middle = block >= 1 && block <= 26 ? String.fromCharCode(64 + block) : '';
  const suffix = block > 26 ? ` ${block - 25}` : '';
  const name = middle ? `${first} ${middle}. ${last}` : `${first} ${last}${suffix}`;
  const local = [first, middle, last].filter(Boolean).join('.').toLowerCase() + (suffix ? String(block - 25) : '');
  return { name, first, local };
}

function organizationName(o: number): Organization {
  const combos = ORG_STEMS.length * ORG_SUFFIXES.length;
  const within = scatter(o, combos, 77);
  const block = Math.floor(o / combos);
  const stem = ORG_STEMS[within % ORG_STEMS.length]!;
  const suffix = ORG_SUFFIXES[Math.floor(within / ORG_STEMS.length)]!;
  const place = block === 0 ? '' : (ORG_PLACES[(block - 1) % ORG_PLACES.length] ?? '');
  const number = block > ORG_PLACES.length ? ` ${Math.ceil(block / ORG_PLACES.length)}` : '';
  const name = `${place ? `${place} ` : ''}${stem} ${suffix}${number}`;
  const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`;
  return { name, orgType: ORG_TYPES[suffix] ?? 'company', domain };
}

function accountCount(messages: number): number {
  return Math.max(50, Math.round(messages / 20));
}

function checkOptions(options: GenerateOptions): { messages: number; seed: number } {
  const { messages, seed = 1 } = options;
  if (!Number.isSafeInteger(messages) || messages < 1) throw new RangeError(`messages must be a positive integer`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer`);
  return { messages, seed };
}

function buildWorld(options: GenerateOptions): World {
  const { messages, seed } = checkOptions(options);
  const rng = stream(seed, 0);
  const accounts = accountCount(messages);

  // Exactly one in five accounts is on Twitter, spread at random; account 0, the hub, is email.
  const platformOf = new Uint8Array(accounts);
  for (let block = 0; block * 5 < accounts; block++) {
    const size = Math.min(5, accounts - block * 5);
    const first = block === 0 ? 1 : 0;
    if (size > first) platformOf[block * 5 + first + Math.floor(rng() * (size - first))] = TWITTER;
  }

  // People take 1–3 accounts (1.5 on average) from a shuffled order, so the hub's owner is nobody special.
  const order = new Int32Array(accounts);
  for (let i = 0; i < accounts; i++) order[i] = i;
  for (let i = accounts - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const ownerOf = new Int32Array(accounts);
  const people: Person[] = [];
  for (let taken = 0; taken < accounts;) {
    const r = rng();
    const count = Math.min(r < 0.6 ? 1 : r < 0.9 ? 2 : 3, accounts - taken);
    const p = people.length;
    const owned = Array.from(order.subarray(taken, taken + count));
    for (const a of owned) ownerOf[a] = p;
    people.push({ ...personName(p), accounts: owned, affiliations: [] });
    taken += count;
  }

  const orgs = Array.from({ length: Math.max(5, Math.round(people.length / 50)) }, (_, o) => organizationName(o));
  // Some organizations are much bigger than others, as in life.
  const orgSizes = new Zipf(orgs.length, 0.8);
  for (const person of people) {
    const org = orgSizes.sample(rng);
    person.affiliations.push({ org, role: pick(rng, ROLES) });
    if (rng() < 0.15) {
      const other = (org + 1 + Math.floor(rng() * (orgs.length - 1))) % orgs.length;
      person.affiliations.push({ org: other, role: pick(rng, SECOND_ROLES) });
    }
  }

  const handles: string[] = new Array<string>(accounts);
  for (const person of people) {
    let emails = 0;
    let tweeters = 0;
    for (const a of person.accounts) {
      if (platformOf[a] === EMAIL) {
        const domain = emails === 0 ? orgs[person.affiliations[0]!.org]!.domain : PERSONAL_DOMAINS[emails - 1]!;
        handles[a] = `${person.local}@${domain}`;
        emails++;
      } else {
        handles[a] = person.local.replace(/\./g, '_') + (tweeters === 0 ? '' : `_${tweeters + 1}`);
        tweeters++;
      }
    }
  }

  const byPlatform = (platform: number) => Int32Array.from(handles.keys()).filter((a) => platformOf[a] === platform);
  const emailAccounts = byPlatform(EMAIL);
  const twitterAccounts = byPlatform(TWITTER);
  const senders = new Zipf(accounts, ZIPF_EXPONENT);
  const emailRecipients = new Zipf(emailAccounts.length, ZIPF_EXPONENT);
  const twitterRecipients = new Zipf(twitterAccounts.length, ZIPF_EXPONENT);

  // The typical account: the email account expected to appear on about eight messages, sent or received.
  let emailShare = 0;
  for (const a of emailAccounts) emailShare += senders.probability(a);
  const recipientsPerEmail = 2.1;
  let typical = emailAccounts[emailAccounts.length - 1]!;
  let bestGap = Infinity;
  emailAccounts.forEach((a, rank) => {
    if (a === 0) return;
    const expected =
      messages * senders.probability(a) +
      messages * emailShare * recipientsPerEmail * emailRecipients.probability(rank);
    const gap = Math.abs(expected - 8);
    if (gap < bestGap) [typical, bestGap] = [a, gap];
  });

  return {
    seed,
    messages,
    platformOf,
    handles,
    ownerOf,
    people,
    orgs,
    emailAccounts,
    twitterAccounts,
    senders,
    emailRecipients,
    twitterRecipients,
    typical,
  };
}

function accountRef(world: World, a: number): AccountRef {
  return { platform: world.platformOf[a] === EMAIL ? 'email' : 'twitter', handle: world.handles[a]! };
}

/** THE hub: account 0, the most active sender and recipient, an email address. */
export function hubAccount(options: GenerateOptions): AccountRef {
  return accountRef(buildWorld(options), 0);
}

/** A low-degree email account, expected on about eight messages: what most of the graph looks like. */
export function typicalAccount(options: GenerateOptions): AccountRef {
  const world = buildWorld(options);
  return accountRef(world, world.typical);
}

// ---------------------------------------------------------------------------------------------------
// URLs: a pool of messages / 10 addresses, drawn with a heavy tail. One in ten is a plain-http
// address that people write bare or with odd casing, and https ones sometimes carry tracking
// parameters: spellings that must normalise to one Url node.

interface UrlPick {
  readonly url: string;
  readonly written: string;
}

function urlPool(messages: number) {
  const size = Math.max(10, Math.round(messages / 10));
  const sites = Math.max(3, Math.ceil(size / 25));
  const zipf = new Zipf(size, ZIPF_EXPONENT);
  return {
    size,
    zipf,
    spell(k: number, rng: Rng): UrlPick {
      const host = `site${k % sites}.example`;
      const path = `/path/${Math.floor(k / sites)}`;
      if (k % 10 === 3) {
        const r = rng();
        const written =
          r < 0.5 ? `${host}${path}` : r < 0.75 ? `http://${host}${path}` : `http://${host.toUpperCase()}${path}`;
        return { url: `http://${host}${path}`, written };
      }
      const url = `https://${host}${path}`;
      return { url, written: rng() < 0.1 ? `${url}?utm_source=bench` : url };
    },
  };
}

// ---------------------------------------------------------------------------------------------------

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function accountKey(world: World, a: number) {
  return { label: 'Account', key: accountRef(world, a) };
}

/** The generator is the dataset's curator: its people and organizations are identified by their index. */
const personRef = (p: number) => `generated:person:${p}`;
const orgRef = (o: number) => `generated:organization:${o}`;

function* worldRecords(world: World): Generator<DatasetRecord> {
  for (const [o, org] of world.orgs.entries()) {
    yield { node: 'Organization', properties: { ref: orgRef(o), name: org.name, orgType: org.orgType } };
  }
  for (const [p, person] of world.people.entries()) {
    yield { node: 'Person', properties: { ref: personRef(p), name: person.name } };
    const personKey = { label: 'Person', key: { ref: personRef(p) } };
    for (const a of person.accounts) {
      yield { node: 'Account', properties: { ...accountRef(world, a), displayName: person.name } };
      yield { relationship: 'CONTROLS', from: personKey, to: accountKey(world, a) };
    }
    for (const { org, role } of person.affiliations) {
      yield {
        relationship: 'AFFILIATED_WITH',
        from: personKey,
        to: { label: 'Organization', key: { ref: orgRef(org) } },
        properties: { role },
      };
    }
  }
}

/**
 * Yields the dataset records: the Source, organizations, people and their accounts, then each
 * message followed by its relationships (and the Url nodes it is the first to link to).
 */
export function* generateDataset(options: GenerateOptions): Generator<DatasetRecord> {
  const world = buildWorld(options);
  const { seed, messages } = world;
  const rng = stream(seed, 1);
  const seedText = String(seed >>> 0);

  yield {
    node: 'Source',
    properties: { ref: SOURCE_REF, publisher: 'Backchannel bench', title: `Synthetic correspondence (seed ${seed})` },
  };
  yield* worldRecords(world);

  // A few dozen bursts (a scandal, a campaign week) over a steady background.
  const bursts = Array.from({ length: 24 + Math.floor(rng() * 24) }, () => ({
    centre: START + rng() * (END - START),
    spread: (0.5 + rng() * 6) * DAY,
  }));
  const sampleTime = (): number => {
    if (rng() < 0.55) return START + rng() * (END - START);
    const burst = pick(rng, bursts);
    return Math.min(END, Math.max(START, burst.centre + gaussian(rng) * burst.spread));
  };

  const urls = urlPool(messages);
  const urlSeen = new Uint8Array(urls.size);

  // Recent emails, by email sequence number modulo the ring; an entry is valid while ringEmail matches.
  const ringEmail = new Float64Array(REPLY_RING).fill(-1);
  const ringMessage = new Float64Array(REPLY_RING);
  const ringSender = new Int32Array(REPLY_RING);
  const ringFirstTo = new Int32Array(REPLY_RING);
  const ringTime = new Float64Array(REPLY_RING);
  const ringTopic = new Int32Array(REPLY_RING);
  const inbox = new Float64Array(world.handles.length * INBOX).fill(-1);
  const inboxCursor = new Uint8Array(world.handles.length);
  let emailCount = 0;

  const emailRef = (n: number) => `gen-${seedText}-${n}@bench.example`;
  // Numeric like tweet ids; the fixed-width counter keeps them unique.
  const tweetRef = (n: number) => `${seedText}${String(n).padStart(10, '0')}`;
  const messageKey = (platform: string, ref: string) => ({ label: 'Message', key: { platform, ref } });

  const drawDistinct = (zipf: Zipf, accounts: Int32Array, count: number, exclude: number[]): number[] => {
    const chosen: number[] = [];
    // Bounded attempts: with a dominant hub, repeats are common and the count is a target, not a promise.
    for (let attempt = 0; chosen.length < count && attempt < count * 8; attempt++) {
      const a = accounts[zipf.sample(rng)]!;
      if (!exclude.includes(a) && !chosen.includes(a)) chosen.push(a);
    }
    return chosen;
  };

  const findParent = (sender: number): number => {
    const live = (e: number) => e >= 0 && ringEmail[e % REPLY_RING] === e;
    const candidates: number[] = [];
    for (let i = 0; i < INBOX; i++) {
      const e = inbox[sender * INBOX + i]!;
      if (live(e)) candidates.push(e);
    }
    if (candidates.length > 0) return pick(rng, candidates);
    // Nothing received lately: join some recent thread instead, as people on a copied-in chain do.
    if (emailCount === 0) return -1;
    return emailCount - 1 - Math.floor(rng() * Math.min(emailCount, REPLY_RING));
  };

  function* links(from: ReturnType<typeof messageKey>, written: string[]): Generator<DatasetRecord> {
    if (rng() >= 0.25) return;
    const count = rng() < 0.75 ? 1 : 2;
    const used: number[] = [];
    for (let i = 0; i < count; i++) {
      const k = urls.zipf.sample(rng);
      if (used.includes(k)) continue;
      used.push(k);
      const { url, written: spelling } = urls.spell(k, rng);
      written.push(spelling);
      if (!urlSeen[k]) {
        urlSeen[k] = 1;
        yield { node: 'Url', properties: { url: spelling } };
      }
      yield {
        relationship: 'LINKS_TO',
        from,
        to: { label: 'Url', key: { url } },
        properties: { asWritten: [spelling] },
      };
    }
  }

  const firstName = (a: number) => world.people[world.ownerOf[a]!]!.first;

  for (let n = 0; n < messages; n++) {
    const sender = world.senders.sample(rng);

    if (world.platformOf[sender] === EMAIL) {
      const ref = emailRef(n);
      const self = messageKey('email', ref);
      const parent = rng() < 0.3 ? findParent(sender) : -1;
      const slot = parent >= 0 ? parent % REPLY_RING : -1;

      let time: number;
      let topic: number;
      const to: number[] = [];
      if (slot >= 0) {
        // Answers come minutes to a day or two later, to whoever wrote (or, for a follow-up, was written to).
        time = Math.min(END, ringTime[slot]! + 60_000 - Math.log(1 - rng()) * 6 * 3_600_000);
        topic = ringTopic[slot]!;
        const answer = ringSender[slot] === sender ? ringFirstTo[slot]! : ringSender[slot]!;
        if (answer !== sender) to.push(answer);
        to.push(...drawDistinct(world.emailRecipients, world.emailAccounts, rng() < 0.3 ? 1 : 0, [sender, ...to]));
      } else {
        time = sampleTime();
        topic = Math.floor(rng() * TOPIC_COUNT);
      }
      if (to.length === 0) {
        const r = rng();
        const count = r < 0.55 ? 1 : r < 0.85 ? 2 : 3;
        to.push(...drawDistinct(world.emailRecipients, world.emailAccounts, count, [sender]));
      }
      const r = rng();
      const cc = drawDistinct(world.emailRecipients, world.emailAccounts, r < 0.6 ? 0 : r < 0.85 ? 1 : 2, [
        sender,
        ...to,
      ]);

      const written: string[] = [];
      const linkRecords = [...links(self, written)];
      const body = [sentence(rng, 6, 18), ...written.map((w) => `See ${w}`), sentence(rng, 4, 12)].join(' ');
      const greeting = `${pick(rng, GREETINGS)} ${to[0] === undefined ? 'all' : firstName(to[0])},`;
      const when = isoSeconds(time);
      yield {
        node: 'Message',
        properties: {
          platform: 'email',
          ref,
          kind: 'email',
          subject: slot >= 0 ? `Re: ${topicText(topic)}` : topicText(topic),
          text: `${greeting}\n\n${body}\n\n${firstName(sender)}`,
          sentPrecision: 'instant',
          sentFrom: when,
          sentTo: when,
        },
      };
      yield { relationship: 'SENT', from: accountKey(world, sender), to: self };
      for (const a of to) yield { relationship: 'TO', from: self, to: accountKey(world, a) };
      for (const a of cc) yield { relationship: 'CC', from: self, to: accountKey(world, a) };
      if (slot >= 0) {
        yield { relationship: 'REPLIES_TO', from: self, to: messageKey('email', emailRef(ringMessage[slot]!)) };
      }
      yield* linkRecords;

      const e = emailCount++;
      const mine = e % REPLY_RING;
      ringEmail[mine] = e;
      ringMessage[mine] = n;
      ringSender[mine] = sender;
      ringFirstTo[mine] = to[0] ?? sender;
      ringTime[mine] = time;
      ringTopic[mine] = topic;
      for (const a of [...to, ...cc]) {
        inbox[a * INBOX + inboxCursor[a]!] = e;
        inboxCursor[a] = (inboxCursor[a]! + 1) % INBOX;
      }
      continue;
    }

    // Twitter: mostly public tweets (no addressee, sometimes mentioning others), some direct messages.
    const ref = tweetRef(n);
    const self = messageKey('twitter', ref);
    const direct = rng() < 0.3;
    const to = direct
      ? drawDistinct(world.twitterRecipients, world.twitterAccounts, rng() < 0.9 ? 1 : 2, [sender])
      : [];
    const mentioned =
      !direct && rng() < 0.1
        ? drawDistinct(world.twitterRecipients, world.twitterAccounts, rng() < 0.7 ? 1 : 2, [sender])
        : [];
    const written: string[] = [];
    const linkRecords = [...links(self, written)];
    const text = [
      ...mentioned.map((a) => `@${world.handles[a]!}`),
      sentence(rng, 5, direct ? 16 : 12),
      ...written,
    ].join(' ');
    const when = isoSeconds(sampleTime());
    yield {
      node: 'Message',
      properties: {
        platform: 'twitter',
        ref,
        kind: direct ? 'direct_message' : 'tweet',
        text,
        sentPrecision: 'instant',
        sentFrom: when,
        sentTo: when,
      },
    };
    yield { relationship: 'SENT', from: accountKey(world, sender), to: self };
    for (const a of to) yield { relationship: 'TO', from: self, to: accountKey(world, a) };
    for (const a of mentioned) yield { relationship: 'MENTIONS', from: self, to: accountKey(world, a) };
    yield* linkRecords;
  }
}
