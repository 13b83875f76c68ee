/**
 * The messages of a time window, in order, each with its time as precisely as it is known (instant,
 * day, range), the relative times that tie messages together ("15 minutes after"), and counts per
 * day for a histogram. A message known only relative to one in the window is part of the answer,
 * placed after its anchor and marked as such: its own time stays unknown.
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import type { JsonNode } from '../db/values.js';
import { toNeo4jDateTime } from '../load/values.js';
import { graphNode } from './graph.js';
import type { GraphNode } from './graph.js';

export interface TimelineOptions {
  readonly from: string;
  readonly to: string;
  /** Only messages sent or received by these nodes (people and organizations through their accounts). */
  readonly ids?: readonly string[];
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

export interface TimelineAnswer {
  readonly total: number;
  readonly offset: number;
  readonly more: number;
  readonly items: TimelineItem[];
  /** Messages dated to a single UTC day (or more precisely), per day. */
  readonly perDay: { day: string; count: number }[];
  /** Messages whose time is a range longer than a day, counted apart rather than spread over days. */
  readonly spanning: number;
}

interface Row {
  m: JsonNode;
  senders: { id: string; caption: JsonNode }[];
  recipients: { id: string; node: JsonNode; field: string }[];
  relations: Relation[];
  anchorId: string | null;
  derivedAt: string | null;
}

export async function timeline(executor: Executor, options: TimelineOptions): Promise<TimelineAnswer> {
  const params = {
    from: toNeo4jDateTime(options.from),
    to: toNeo4jDateTime(options.to),
    ids: options.ids?.length ? options.ids : null,
    offset: neo4j.int(options.offset),
    limit: neo4j.int(options.limit),
  };
  const involved = `($ids IS NULL OR EXISTS {
      MATCH (m)-[:SENT|TO|CC|BCC]-(x) WHERE x.id IN $ids OR EXISTS { MATCH (p)-[:CONTROLS]->(x) WHERE p.id IN $ids }
    })`;
  const window = 'm.sentFrom <= $to AND m.sentTo >= $from';
  const [[row], days] = await Promise.all([
    executor.rows<{ total: number; page: Row[] }>(
      `CALL () {
         MATCH (m:Message) WHERE ${window} AND m.kind <> 'conversation' AND ${involved}
         RETURN m, m.sentFrom AS at, null AS anchor
         UNION
         MATCH (m:Message)-[a:AFTER]->(anchor:Message)
         WHERE m.sentFrom IS NULL AND anchor.sentFrom <= $to AND anchor.sentTo >= $from AND ${involved}
         RETURN m, anchor.sentFrom + duration(a.delay) AS at, anchor
       }
       WITH m, min(at) AS at, head(collect(anchor)) AS anchor
       ORDER BY at, m.id
       WITH collect({m: m, at: at, anchor: anchor}) AS found
       CALL (found) {
         UNWIND found[$offset..$offset + $limit] AS item
         WITH item.m AS m, item.at AS at, item.anchor AS anchor
         RETURN collect({
           m: m,
           senders: COLLECT { MATCH (s)-[:SENT]->(m) RETURN s },
           recipients: COLLECT { MATCH (m)-[t:TO|CC|BCC]->(r) RETURN {node: r, field: toLower(type(t))} },
           relations: COLLECT {
             MATCH (m)-[a:AFTER]-(o:Message)
             RETURN {type: 'AFTER', direction: CASE WHEN startNode(a) = m THEN 'after' ELSE 'before' END,
                     other: o.id, delay: a.delay, delayPrecision: a.delayPrecision, asStated: a.asStated}
           },
           anchorId: anchor.id,
           derivedAt: CASE WHEN anchor IS NULL THEN null ELSE at END
         }) AS page
       }
       RETURN size(found) AS total, page`,
      params,
    ),
    // Days in UTC; a message whose possible times span more than one day is counted apart.
    executor.rows<{ day: string | null; count: number }>(
      `MATCH (m:Message) WHERE ${window} AND m.kind <> 'conversation' AND ${involved}
       WITH date(datetime({epochMillis: m.sentFrom.epochMillis})) AS d1,
            date(datetime({epochMillis: m.sentTo.epochMillis})) AS d2
       RETURN CASE WHEN d1 = d2 THEN toString(d1) END AS day, count(*) AS count
       ORDER BY day`,
      params,
    ),
  ]);
  if (!row) throw new Error('timeline query returned no row');
  const items = row.page.map((r): TimelineItem => {
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
      ...(r.anchorId && r.derivedAt ? { derivedFrom: { anchor: r.anchorId, at: r.derivedAt } } : {}),
      relations: r.relations,
    };
  });
  return {
    total: row.total,
    offset: options.offset,
    more: Math.max(0, row.total - options.offset - items.length),
    items,
    perDay: days.filter((d): d is { day: string; count: number } => d.day !== null),
    spanning: days.find((d) => d.day === null)?.count ?? 0,
  };
}
