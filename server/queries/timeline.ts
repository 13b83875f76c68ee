/**
 * The messages of a time window, in order, each with its time as precisely as it is known (instant,
 * day, range), the relative times that tie messages together ("15 minutes after"), and a histogram
 * at a resolution that fits the window (days, weeks or months). A message known only relative to
 * one in the window is part of the answer, placed after its anchor and marked as such: its own time
 * stays unknown.
 *
 * The list is a page read in time order from the sentFrom index and stopped at its end, continued
 * from a cursor (the last item's time and id); the histogram is aggregated in Neo4j, so the whole
 * database's first answer is a page and a few hundred bins, whatever the number of messages.
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import type { JsonNode } from '../db/driver-values.js';
import { AppError } from '../errors.js';
import { toNeo4jDateTime } from '../db/driver-values.js';
import { graphNode } from './graph.js';
import type { GraphNode } from './graph.js';
import { RECIPIENT_TYPES } from '../model/graph-model.js';

/** The recipient relationship types, as a Cypher type alternation (the model's, in its order). */
const RECIPIENTS = RECIPIENT_TYPES.join('|');

export interface TimelineOptions {
  readonly from: string;
  readonly to: string;
  /** Only messages sent or received by these nodes (people and organizations through their accounts). */
  readonly ids?: readonly string[];
  /** A cursor from an earlier answer's `next`: the page starts after that item. */
  readonly after?: string;
  readonly offset: number;
  readonly limit: number;
}

export interface Relation {
  readonly type: 'AFTER';
  /** 'after': this message came `delay` after `other`; 'before': `other` came `delay` after this one. */
  readonly direction: 'after' | 'before';
  readonly other: string;
  readonly delay: string;
  readonly delayPrecision: string;
  readonly asStated: string;
}

export interface TimelineItem {
  readonly message: GraphNode;
  readonly senders: { id: string; caption: string }[];
  readonly recipients: { id: string; caption: string; field: string }[];
  readonly precision: string;
  readonly from: string | null;
  readonly to: string | null;
  /** Where the message sits on the time axis when only a relation to another message places it. */
  readonly derivedFrom?: { anchor: string; at: string };
  readonly relations: Relation[];
}

export type BinUnit = 'day' | 'week' | 'month';

export interface TimelineAnswer {
  /** Messages in the window (dated, and placed by a relation). */
  readonly total: number;
  readonly offset: number;
  /** Messages after this page. */
  readonly more: number;
  /** The cursor for the next page (null on the last). */
  readonly next: string | null;
  readonly items: TimelineItem[];
  /** Messages dated to a single UTC day (or more precisely), per day, ISO week (from Monday) or month; empty bins left out. */
  readonly histogram: { unit: BinUnit; bins: { start: string; count: number }[] };
  /** Messages whose time is a range longer than a day, counted apart rather than spread over bins. */
  readonly spanning: number;
}

const DAY = 86_400_000;

/** Days for up to five months, weeks up to three years, months beyond: at most a few hundred bins. */
export function binUnit(from: string, to: string): BinUnit {
  const days = (Date.parse(to) - Date.parse(from)) / DAY;
  return days <= 150 ? 'day' : days <= 1100 ? 'week' : 'month';
}

interface Cursor {
  readonly at: string;
  readonly id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(at))) {
      toNeo4jDateTime(at);
      return { at, id };
    }
  } catch {
    // reported below
  }
  throw new AppError('invalid_parameter', 'after: not a cursor from an earlier timeline answer', 400, {
    parameter: 'after',
  });
}

/**
 * A message whose time is longer than a day is a 'range' (day precision is one UTC day, or less
 * with an offset): only those can start more than two days before the window and still reach into it.
 */
const REACH = 2 * DAY;

interface Row {
  m: JsonNode;
  senders: { id: string; caption: JsonNode }[];
  recipients: { id: string; node: JsonNode; field: string }[];
  relations: Relation[];
  anchorId: string | null;
  at: string;
}

export async function timeline(executor: Executor, options: TimelineOptions): Promise<TimelineAnswer> {
  const after = options.after === undefined ? null : decodeCursor(options.after);
  const lower = Date.parse(options.from) - REACH;
  // The index walk starts at the cursor when it is later than the window's reach.
  const start = after && Date.parse(after.at) > lower ? after.at : new Date(lower).toISOString();
  const unit = binUnit(options.from, options.to);
  const params = {
    from: toNeo4jDateTime(options.from),
    to: toNeo4jDateTime(options.to),
    lower: toNeo4jDateTime(new Date(lower).toISOString()),
    start: toNeo4jDateTime(start),
    afterAt: after ? toNeo4jDateTime(after.at) : null,
    afterId: after?.id ?? null,
    ids: options.ids?.length ? options.ids : null,
    offset: neo4j.int(options.offset),
    limit: neo4j.int(options.limit),
    end: neo4j.int(options.offset + options.limit),
    unit,
  };
  const involved = `($ids IS NULL OR EXISTS {
      MATCH (m)-[:SENT|${RECIPIENTS}]-(x) WHERE x.id IN $ids OR EXISTS { MATCH (p)-[:CONTROLS]->(x) WHERE p.id IN $ids }
    })`;
  const dated = `m.kind <> 'conversation' AND ${involved}`;
  const later = (at: string) => `(${at} > $afterAt OR (${at} = $afterAt AND m.id > $afterId))`;
  const laterThanCursor = (at: string) => (after ? `AND ${later(at)}` : '');
  // Three sources, each read in order and stopped at the page's end: messages starting within
  // reach of the window (the sentFrom index, in its order), ranges that start before it and reach
  // into it (the few 'range' messages), and messages placed only by a relation to one in the window.
  const pageQuery = executor.rows<{ page: Row[] }>(
    `CALL () {
       MATCH (m:Message) WHERE m.sentFrom >= $start AND m.sentFrom <= $to AND m.sentTo >= $from
         ${laterThanCursor('m.sentFrom')} AND ${dated}
       RETURN m, m.sentFrom AS at, null AS anchor ORDER BY m.sentFrom, m.id LIMIT $end
       UNION ALL
       MATCH (m:Message {sentPrecision: 'range'}) WHERE m.sentFrom < $lower AND m.sentTo >= $from
         ${laterThanCursor('m.sentFrom')} AND ${dated}
       RETURN m, m.sentFrom AS at, null AS anchor ORDER BY m.sentFrom, m.id LIMIT $end
       UNION ALL
       MATCH (m:Message)-[a:AFTER]->(anchor:Message)
       WHERE m.sentFrom IS NULL AND anchor.sentFrom <= $to AND anchor.sentTo >= $from AND ${involved}
       WITH m, anchor.sentFrom + duration(a.delay) AS at, anchor WHERE true ${laterThanCursor('at')}
       RETURN m, at, anchor ORDER BY at, m.id LIMIT $end
     }
     WITH m, min(at) AS at, head(collect(anchor)) AS anchor
     ORDER BY at, m.id SKIP $offset LIMIT $limit
     RETURN collect({
       m: m,
       senders: COLLECT { MATCH (s)-[:SENT]->(m) RETURN s },
       recipients: COLLECT { MATCH (m)-[t:${RECIPIENTS}]->(r) RETURN {node: r, field: toLower(type(t))} },
       relations: COLLECT {
         MATCH (m)-[a:AFTER]-(o:Message)
         RETURN {type: 'AFTER', direction: CASE WHEN startNode(a) = m THEN 'after' ELSE 'before' END,
                 other: o.id, delay: a.delay, delayPrecision: a.delayPrecision, asStated: a.asStated}
       },
       anchorId: anchor.id,
       at: at
     }) AS page`,
    params,
  );
  // At the same time, the histogram, the total and how many come after the cursor, aggregated in
  // Neo4j: days in UTC; a message whose possible times span more than one day is counted apart.
  const [[row], counted, placed] = await Promise.all([
    pageQuery,
    executor.rows<{ start: string | null; count: number; later: number }>(
      `CALL () {
         MATCH (m:Message) WHERE m.sentFrom >= $lower AND m.sentFrom <= $to AND m.sentTo >= $from AND ${dated}
         RETURN m
         UNION ALL
         MATCH (m:Message {sentPrecision: 'range'}) WHERE m.sentFrom < $lower AND m.sentTo >= $from AND ${dated}
         RETURN m
       }
       WITH m, date(datetime({epochMillis: m.sentFrom.epochMillis})) AS d1,
            date(datetime({epochMillis: m.sentTo.epochMillis})) AS d2
       RETURN CASE WHEN d1 = d2 THEN toString(date.truncate($unit, d1)) END AS start, count(*) AS count,
              count(CASE WHEN $afterAt IS NULL OR ${later('m.sentFrom')} THEN 1 END) AS later
       ORDER BY start`,
      params,
    ),
    executor.rows<{ count: number; later: number }>(
      `MATCH (m:Message)-[a:AFTER]->(anchor:Message)
       WHERE m.sentFrom IS NULL AND anchor.sentFrom <= $to AND anchor.sentTo >= $from AND ${involved}
       WITH m, min(anchor.sentFrom + duration(a.delay)) AS at
       RETURN count(*) AS count,
              count(CASE WHEN $afterAt IS NULL OR ${later('at')} THEN 1 END) AS later`,
      params,
    ),
  ]);
  const page = row?.page ?? [];
  const last = page.at(-1);
  const cursor = last ? { at: last.at, id: String(last.m.properties.id ?? last.m.elementId) } : null;
  const total = counted.reduce((n, b) => n + b.count, 0) + (placed[0]?.count ?? 0);
  // The page is the first items after the cursor (or the window's start), past the offset.
  const afterCursor = counted.reduce((n, b) => n + b.later, 0) + (placed[0]?.later ?? 0);
  const more = Math.max(0, afterCursor - options.offset - page.length);
  const items = page.map((r): TimelineItem => {
    const message = graphNode(r.m);
    return {
      message,
      senders: (r.senders as unknown as JsonNode[]).map((s) => ({
        id: graphNode(s).id,
        caption: graphNode(s).caption,
      })),
      recipients: r.recipients.map((x) => ({
        id: graphNode(x.node).id,
        caption: graphNode(x.node).caption,
        field: x.field,
      })),
      precision: String(message.properties.sentPrecision ?? 'unknown'),
      from: (message.properties.sentFrom as string | undefined) ?? null,
      to: (message.properties.sentTo as string | undefined) ?? null,
      ...(r.anchorId ? { derivedFrom: { anchor: r.anchorId, at: r.at } } : {}),
      relations: r.relations,
    };
  });
  return {
    total,
    offset: options.offset,
    more,
    next: more > 0 && cursor ? encodeCursor(cursor) : null,
    items,
    histogram: {
      unit,
      bins: counted
        .filter((b): b is typeof b & { start: string } => b.start !== null)
        .map(({ start, count }) => ({ start, count })),
    },
    spanning: counted.find((b) => b.start === null)?.count ?? 0,
  };
}
