/**
 * Proposing that two entities are one: people or organizations from different datasets that bear the
 * same name once case, accents and punctuation are folded ("Donald Trump Jr." and "DONALD TRUMP
 * JR."), or compatible names (a middle initial on one side only), or that act through the same
 * account. Pure: entities in, proposals out. Within one dataset the source's own ids already say the
 * records are distinct (69 officers named "THE BEARER" in one registry are 69 people), so only
 * resolution's own people are compared with each other there.
 */
import { slug } from '../model/keys.js';
import { groupBy, middlesAgree, nameBlock, parseName } from './names.js';
import type { LinkProposal } from './propose.js';

export interface EntityFacts {
  readonly id: string;
  readonly label: 'Person' | 'Organization';
  readonly ref: string;
  readonly name: string;
  /** Accounts it controls or an accepted resolution gave it. */
  readonly accounts: readonly string[];
}

/** A name held by more entities than this is too common to say anything. */
const COMMON = 5;

const LEGAL_FORMS =
  /\b(the|llc|l\.l\.c|inc|incorporated|ltd|limited|corp|corporation|co|company|plc|lp|llp|gmbh|sa|ag|nv|bv)\b\.?/gi;

/** The dataset an entity's ref is scoped by ("trumpworld:name:…" → trumpworld); curated refs have none. */
export function datasetOf(ref: string): string {
  const colon = ref.indexOf(':');
  return colon < 0 ? '' : ref.slice(0, colon);
}

interface Keyed {
  readonly entity: EntityFacts;
  /** Exact key: the whole name folded. */
  readonly exact: string;
  /** Looser key: first/last/suffix of a person, an organization's name without its legal form. */
  readonly loose: string;
  readonly middle: string;
}

function keyed(entity: EntityFacts): Keyed | undefined {
  const exact = slug(entity.name);
  if (exact === '') return undefined;
  if (entity.label === 'Organization') {
    const loose = slug(entity.name.replace(LEGAL_FORMS, ' '));
    return { entity, exact, loose: loose || exact, middle: '' };
  }
  const person = parseName(entity.name);
  // A name that cannot be read as a person's ("THE BEARER") proposes nothing.
  return person && { entity, exact, loose: nameBlock(person), middle: person.middle };
}

function comparable(a: EntityFacts, b: EntityFacts): boolean {
  const [da, db] = [datasetOf(a.ref), datasetOf(b.ref)];
  return a.label === b.label && (da !== db || da === 'resolve');
}

export function proposeSameAs(entities: readonly EntityFacts[]): LinkProposal[] {
  const found = new Map<string, { a: EntityFacts; b: EntityFacts; confidence: number; reasons: string[] }>();
  const add = (a: EntityFacts, b: EntityFacts, confidence: number, reason: string) => {
    if (a.id === b.id || !comparable(a, b)) return;
    const [x, y] = a.id < b.id ? [a, b] : [b, a];
    const key = `${x.id}\u0000${y.id}`;
    const pair = found.get(key) ?? { a: x, b: y, confidence: 0, reasons: [] };
    // Two independent kinds of evidence make a pair surer than either.
    pair.confidence = pair.confidence === 0 ? confidence : Math.min(0.95, Math.max(pair.confidence, confidence) + 0.05);
    pair.reasons.push(reason);
    found.set(key, pair);
  };
  const all = entities.map(keyed).filter((k): k is Keyed => k !== undefined);
  for (const group of groups(all, (k) => `${k.entity.label}|${k.loose}`)) {
    if (group.length > COMMON) continue;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = [group[i]!, group[j]!];
        if (!middlesAgree(a.middle, b.middle)) continue;
        if (a.exact === b.exact) {
          add(
            a.entity,
            b.entity,
            0.9,
            `the same name "${a.entity.name}" / "${b.entity.name}" (case, accents and punctuation aside)`,
          );
        } else {
          add(a.entity, b.entity, 0.7, `compatible names "${a.entity.name}" / "${b.entity.name}"`);
        }
      }
    }
  }
  const byAccount = groups(
    entities.flatMap((entity) => entity.accounts.map((account) => ({ account, entity }))),
    (x) => x.account,
  );
  for (const group of byAccount) {
    if (group.length > COMMON) continue;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        add(group[i]!.entity, group[j]!.entity, 0.8, `both act through the account ${group[i]!.account}`);
      }
    }
  }
  return [...found.values()]
    .sort((p, q) => byId(p.a.id, q.a.id) || byId(p.b.id, q.b.id))
    .map(({ a, b, confidence, reasons }) => ({
      type: 'SAME_AS',
      from: a.id,
      to: b.id,
      confidence: Math.round(confidence * 100) / 100,
      method: reasons.some((r) => r.startsWith('both act')) ? 'shared-account' : 'same-name',
      reason: reasons.join('; '),
      evidence: [`${a.id}: "${a.name}"`, `${b.id}: "${b.name}"`, ...reasons],
    }));
}

/** Groups of two or more. */
function groups<T>(items: readonly T[], key: (item: T) => string): T[][] {
  return [...groupBy(items, key).values()].filter((g) => g.length > 1);
}

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
