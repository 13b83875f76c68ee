/**
 * Reading people's names from what mail and platforms show: display names ("Allen, Phillip K.",
 * "Quentin Zorba (E-mail)", "Jones, Robert W.- HR Exec") and addresses (phillip.allen@…, k..allen@…).
 * Pure. A name that cannot be read as a person's (a list, a desk, a company, a single word) is
 * refused: resolution costs recall there rather than invent a person.
 */
import { slug } from '../model/keys.js';

/** A person's name, parsed: first and last name, middle names or initials, a generational suffix. */
export interface PersonName {
  /** As it should be shown: "Phillip K. Allen". */
  readonly display: string;
  /** Folded (lower case, no accents or punctuation). */
  readonly first: string;
  readonly last: string;
  /** Initials of the middle names, folded ("k"; "ann" gives "a"). */
  readonly middle: string;
  /** "jr", "sr", "ii"… or "". */
  readonly suffix: string;
}

const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
const TITLES = /\b(mr|mrs|ms|miss|dr|prof|sir)\b\.?\s*/gi;

/**
 * Words that make a display name a list, a desk, a service or an organization rather than a person
 * ("DL-Traders Portland", "Enron General Announcements", "InSync Online", "The Admin").
 */
const NOT_A_PERSON = new RegExp(
  `\\b(${[
    'dl',
    'all',
    'the',
    'team',
    'staff',
    'employees',
    'everyone',
    'traders',
    'trading',
    'desk',
    'support',
    'help',
    'helpdesk',
    'info',
    'information',
    'admin',
    'administrator',
    'administration',
    'office',
    'dept',
    'department',
    'group',
    'list',
    'lists',
    'listserv',
    'mailer',
    'daemon',
    'postmaster',
    'webmaster',
    'noreply',
    'no-reply',
    'donotreply',
    'announcement',
    'announcements',
    'news',
    'newsletter',
    'update',
    'updates',
    'alert',
    'alerts',
    'digest',
    'daily',
    'weekly',
    'online',
    'editor',
    'editors',
    'service',
    'services',
    'customer',
    'customers',
    'members',
    'subscribers',
    'payroll',
    'benefits',
    'security',
    'relations',
    'communications',
    'technology',
    'infrastructure',
    'operations',
    'corporate',
    'corp',
    'inc',
    'llc',
    'ltd',
    'company',
    'enron',
    'chairman',
    'unknown',
    'undisclosed',
    'recipients',
    'email',
    'e-mail',
    'offers',
    'deals',
    'sweeps',
    'club',
    'promotions',
    'rewards',
    'com',
    'net',
    'org',
    // Two people on one mailbox: "Don and Shannon", "Clint & Jana Wilson".
    'and',
  ].join('|')})\\b`,
  'i',
);

/** Local parts and hosts of role, list and robot addresses: no person is proposed for them. */
const ROLE_LOCAL = new RegExp(
  '^(dl|all|owner|announce|announcements?|noreply|no-reply|no\\.address|donotreply|do-not-reply|postmaster|mailer-daemon|' +
    'mailer|daemon|webmaster|admin|administrator|info|news|newsletter|support|help|helpdesk|sales|marketing|office|' +
    'service|services|list|bounces?|subscribe|unsubscribe)([._-]|\\d|$)|(-admin|-request|-owner|-bounces|-list|[._]enron)$',
  'i',
);
const ROLE_HOST = /(^|\.)(lists?|listserv|bounces?|news|info)\./i;

export function isRoleAddress(handle: string): boolean {
  const at = handle.lastIndexOf('@');
  if (at < 0) return false;
  return ROLE_LOCAL.test(handle.slice(0, at)) || ROLE_HOST.test(handle.slice(at + 1));
}

/** What a display name says, stripped of addresses, quotes, annotations and Lotus Notes paths. */
function strip(raw: string): string {
  let text = raw.normalize('NFC');
  // "Don.Baughman@enron.com (\"Baughman Jr., Don\")": the name is the comment.
  const comment = /^\s*\S+@\S+\s*\((.*)\)\s*$/.exec(text);
  if (comment) text = comment[1]!;
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ') // "(E-mail)", "(Houston)", "(US - Houston)"
    .replace(/\S+@\S+/g, ' ')
    .replace(/["“”]/g, ' ')
    .replace(/\/.*$/, '') // "Phillip K Allen/HOU/ECT"
    .replace(/\s-\s.*$|-\s.*$/, '') // "Jones, Robert W.- HR Exec", "Ken Lay - Office of the Chairman"
    .replace(TITLES, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function titleCase(word: string): string {
  return word.replace(/\p{L}+/gu, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase());
}

/** Parses a display name as a person's, or refuses it. */
export function parseName(raw: string): PersonName | undefined {
  let text = strip(raw);
  if (text === '' || NOT_A_PERSON.test(text) || /&|^dl\b/i.test(text)) return undefined;
  let suffix = '';
  const comma = /^([^,]+),\s*([^,]+?)(?:,\s*(jr|sr|ii|iii|iv)\.?)?$/i.exec(text);
  if (comma) {
    // "Baughman Jr., Don" and "Allen, Phillip K." are written last name first.
    let last = comma[1]!.trim();
    const lastSuffix = /^(.*?)\s+(jr|sr|ii|iii|iv)\.?$/i.exec(last);
    if (lastSuffix) [last, suffix] = [lastSuffix[1]!, lastSuffix[2]!];
    if (comma[3]) suffix = comma[3];
    text = `${comma[2]} ${last}`;
  } else if (text.includes(',')) {
    const [head, tail] = [text.slice(0, text.indexOf(',')), text.slice(text.indexOf(',') + 1).trim()];
    if (!/^(jr|sr|ii|iii|iv)\.?$/i.test(tail)) return undefined;
    [text, suffix] = [head, tail];
  }
  let words = text.split(' ').filter(Boolean);
  const end = words.at(-1)?.replace(/\.$/, '').toLowerCase() ?? '';
  if (words.length > 2 && SUFFIXES.has(end)) {
    suffix = end;
    words = words.slice(0, -1);
  }
  if (words.length < 2 || words.length > 4) return undefined;
  if (!words.every((w) => /^\p{L}[\p{L}'’-]*\.?$/u.test(w))) return undefined;
  const folded = words.map((w) => slug(w).replace(/-/g, ''));
  const first = folded[0]!;
  const last = folded.at(-1)!;
  // A first or last name of one letter is an initial, not a name ("J. Smith" could be anyone).
  if (first.length < 2 || last.length < 2) return undefined;
  const middle = folded
    .slice(1, -1)
    .map((w) => w[0])
    .join('');
  // Shouted or whispered names get title case; a name written with care ("Jane van Dijk") stays as is.
  const uniform = text === text.toUpperCase() || text === text.toLowerCase();
  const shown = words.map((w) => (uniform ? titleCase(w) : w)).map((w) => (/^\p{L}$/u.test(w) ? `${w}.` : w));
  const suffixShown = suffix ? ` ${titleCase(suffix.replace(/\.$/, ''))}${/^(jr|sr)$/i.test(suffix) ? '.' : ''}` : '';
  return {
    display: `${shown.join(' ')}${suffixShown}`,
    first,
    last,
    middle,
    suffix: suffix.replace(/\.$/, '').toLowerCase(),
  };
}

/** What an address's local part says about its owner's name: phillip.allen, first.m.last, k..allen. */
export interface AddressName {
  readonly first: string;
  readonly middle: string;
  readonly last: string;
}

export function addressName(handle: string): AddressName | undefined {
  const local = (handle.split('@')[0] ?? '').toLowerCase();
  if (NOT_A_PERSON.test(local.replace(/[._]/g, ' '))) return undefined; // system.administrator, nextcard_news
  // Enron's "k..allen@enron.com": a middle initial and a last name, no first name.
  const initialOnly = /^([a-z])\.\.([a-z]{2,})$/.exec(local);
  if (initialOnly) return { first: '', middle: initialOnly[1]!, last: initialOnly[2]! };
  const parts = local.split(/[._]/);
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => /^[a-z]+$/.test(p))) return undefined;
  const first = parts[0]!;
  const last = parts.at(-1)!;
  const middle = parts.length === 3 ? parts[1]! : '';
  if (first.length < 2 || last.length < 2 || middle.length > 1) return undefined;
  return { first, middle, last };
}

/** Two middles agree when one is unknown or both have the same initials. */
export function middlesAgree(a: string, b: string): boolean {
  return a === '' || b === '' || a === b;
}

/** The identity a name stands for, without its middle: first, last and suffix. */
export function nameBlock(name: { first: string; last: string; suffix?: string }): string {
  return [name.first, name.last, name.suffix ?? ''].join(' ').trim();
}

/** Items grouped by a key, in first-seen order (Map.groupBy is not in Node 20). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
