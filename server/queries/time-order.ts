/**
 * Time-respecting reachability, as pure functions: which nodes a piece of information could have
 * reached from a start, hop after hop, each hop no earlier than the one before it.
 *
 * Times are intervals, because sources rarely give instants: a message known to the day may have
 * been sent at any moment of that day. A hop may follow another when it COULD have come after it
 * (its latest possible time is not before the other's earliest); each step of an answer says whether
 * the order is certain or only possible, so a same-day pair is never passed off as a sequence.
 *
 * Latest departure ("who could have reached X by T") is the same computation on negated times:
 * walking backwards from X, a hop must be able to come BEFORE the next one. Callers negate with
 * `mirror` and the functions below stay one-directional.
 */

/** An interval of epoch milliseconds, `from <= to`. */
export interface Interval {
  readonly from: number;
  readonly to: number;
}

/** One event that carries information from one node to another at a time within an interval. */
export interface Hop {
  readonly from: string;
  readonly to: string;
  /** The message (or other node) the hop is made of; null for a timeless identity link. */
  readonly via: string | null;
  readonly kind: 'message' | 'retweet' | 'identity';
  /** The relationship that names the receiver (TO, CC, BCC, MENTIONS, RETWEETS, CONTROLS, …). */
  readonly role: string;
  /** When the hop happened; null for identity links, which hold at any time. */
  readonly time: Interval | null;
}

/** Where the walk stands at one node: the interval in which the information could first be there. */
export interface Arrival {
  readonly at: Interval;
  readonly hops: number;
  /** The hop that got it here first (null at the start). */
  readonly by: Hop | null;
}

export const NEGATIVE_INFINITY = -8.64e15;
export const POSITIVE_INFINITY = 8.64e15;

/** The same interval on a time axis running backwards. */
export function mirror(interval: Interval): Interval {
  return { from: -interval.to, to: -interval.from };
}

/** A hop as seen walking backwards. */
export function mirrorHop(hop: Hop): Hop {
  return { ...hop, from: hop.to, to: hop.from, time: hop.time && mirror(hop.time) };
}

export interface Limits {
  /** Largest gap allowed between a hop and the one before it, in milliseconds. */
  readonly maxDelayMs: number | null;
  /** The window every hop must overlap. */
  readonly window: Interval;
}

/**
 * Where a hop takes the information, given when it could be at the hop's sender; null when the hop
 * cannot come after that (or too long after, or outside the window).
 */
export function arrive(at: Interval, hop: Hop, limits: Limits): Interval | null {
  if (!hop.time) return at;
  const { from, to } = hop.time;
  if (to < at.from) return null;
  if (limits.maxDelayMs !== null && from > at.to + limits.maxDelayMs) return null;
  if (to < limits.window.from || from > limits.window.to) return null;
  // It could be there no earlier than both the hop and the sender, and was there by the hop's end.
  const earliest = Math.max(from, at.from, limits.window.from);
  return { from: earliest, to: Math.max(earliest, Math.min(to, limits.window.to)) };
}

/** Whether `a` reaches a node sooner than `b`: earlier possible time first, then fewer hops. */
export function sooner(a: Arrival, b: Arrival | undefined): boolean {
  if (!b) return true;
  if (a.at.from !== b.at.from) return a.at.from < b.at.from;
  if (a.at.to !== b.at.to) return a.at.to < b.at.to;
  return a.hops < b.hops;
}

/**
 * One round of relaxation: every hop out of the frontier that brings a node sooner than before.
 * Returns the nodes whose arrival improved (the next frontier). Hops that leave a node not in
 * `arrivals` are ignored.
 */
export function relax(
  arrivals: Map<string, Arrival>,
  hops: readonly Hop[],
  limits: Limits,
  maxHops: number,
): Set<string> {
  const improved = new Set<string>();
  // Identity links first would not change the answer, but a stable order makes it reproducible.
  const ordered = [...hops].sort(
    (a, b) => (a.time?.from ?? NEGATIVE_INFINITY) - (b.time?.from ?? NEGATIVE_INFINITY) || a.to.localeCompare(b.to),
  );
  for (const hop of ordered) {
    const at = arrivals.get(hop.from);
    if (!at || at.hops >= maxHops) continue;
    // Nothing reaches the start sooner than itself: it had the information from the beginning.
    if (arrivals.get(hop.to)?.by === null) continue;
    const there = arrive(at.at, hop, limits);
    if (!there) continue;
    const arrival: Arrival = { at: there, hops: at.hops + (hop.kind === 'identity' ? 0 : 1), by: hop };
    if (sooner(arrival, arrivals.get(hop.to))) {
      arrivals.set(hop.to, arrival);
      improved.add(hop.to);
    }
  }
  return improved;
}

/** The hops from the start to `target`, in order, read back through each arrival's hop. */
export function route(arrivals: ReadonlyMap<string, Arrival>, target: string): Hop[] {
  const hops: Hop[] = [];
  const seen = new Set<string>();
  let node = target;
  for (let arrival = arrivals.get(node); arrival?.by; arrival = arrivals.get(node)) {
    // A later improvement elsewhere cannot form a loop (arrivals only get sooner), but a guard
    // costs nothing and keeps a bug from hanging a request.
    if (seen.has(node)) break;
    seen.add(node);
    hops.unshift(arrival.by);
    node = arrival.by.from;
  }
  return hops;
}

export type Order = 'certain' | 'possible';

/**
 * Whether a hop certainly came after the timed hop before it, or only possibly (their intervals
 * overlap: two messages of the same day, say, in no known order).
 */
export function orderAfter(previous: Interval | null, next: Interval | null): Order {
  if (!previous || !next) return 'certain';
  return next.from >= previous.to ? 'certain' : 'possible';
}
