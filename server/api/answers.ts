/**
 * The answers' shapes, for the OpenAPI document and the client's types. Labels, relationship types
 * and message kinds come from the model.
 */
import { z } from 'zod';
import { NODE_LABELS, RELATIONSHIP_TYPES } from '../model/graph-model.js';
import type { NodeLabel, RelationshipType } from '../model/graph-model.js';

export const nodeLabel = z.enum(NODE_LABELS as [NodeLabel, ...NodeLabel[]]);
export const relationshipType = z.enum(RELATIONSHIP_TYPES as [RelationshipType, ...RelationshipType[]]);

const json = z.unknown();

export const graphNode = z.object({
  id: z.string().describe('Stable id derived from the natural key (elementId for nodes outside the model)'),
  label: z.string(),
  labels: z.array(z.string()),
  caption: z.string(),
  properties: z.record(z.string(), json),
});

export const graphEdge = z.object({
  id: z.string(),
  type: z.string().describe('A model relationship type, or CORRESPONDENCE for a bundle'),
  source: z.string(),
  target: z.string(),
  properties: z.record(z.string(), json),
});

export const graph = z.object({ nodes: z.array(graphNode), edges: z.array(graphEdge) });

export const page = { total: z.number().int(), offset: z.number().int(), more: z.number().int() };

export const citation = z.object({ source: graphNode, quote: z.string().nullable() });

export const searchAnswer = z.object({
  total: z.number().int(),
  totalCapped: z.boolean(),
  offset: z.number().int(),
  items: z.array(
    z.object({
      node: graphNode,
      score: z.number(),
      exact: z.boolean().describe('Its id, handle, address, URL or a name is the text searched for'),
      sameAs: z.array(graphNode).optional(),
    }),
  ),
});

export const statedValue = z.object({
  prop: z.string(),
  value: json,
  origin: z.string().describe('Format and file the value was read from'),
  curated: z.boolean().describe("From Backchannel's own hand-written dataset files (outranks imports)"),
  asOf: z.string().optional().describe("When the value was true, in the data's own time"),
  shown: z.boolean().describe("The node's value for the property"),
});

export const entityAnswer = z.object({
  node: graphNode,
  degrees: z.array(z.object({ type: z.string(), direction: z.enum(['out', 'in']), count: z.number().int() })),
  sources: z.array(citation),
  values: z.array(statedValue).describe('Every value loaded for its properties, with its source, highest-ranked first'),
  valuesOmitted: z.number().int(),
});

export const relationshipAnswer = z.object({
  edge: graphEdge,
  source: graphNode,
  target: graphNode,
  sources: z.array(citation),
});

export const expandAnswer = graph.extend({
  ...page,
  groups: z
    .array(z.object({ type: relationshipType, direction: z.enum(['out', 'in']), total: z.number().int() }))
    .describe('Neighbours per relationship type and direction, in page order (only those with any)'),
});
export const bundleAnswer = graph.extend({ total: z.number().int(), more: z.number().int() });
export const pathAnswer = graph.extend({
  paths: z.array(z.object({ nodes: z.array(z.string()), edges: z.array(z.string()) })),
});
export const bundleMessagesAnswer = z.object({ ...page, messages: z.array(graphNode) });

export const timelineAnswer = z.object({
  ...page,
  items: z.array(
    z.object({
      message: graphNode,
      senders: z.array(z.object({ id: z.string(), caption: z.string() })),
      recipients: z.array(z.object({ id: z.string(), caption: z.string(), field: z.string() })),
      precision: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      derivedFrom: z.object({ anchor: z.string(), at: z.string() }).optional(),
      relations: z.array(
        z.object({
          type: z.literal('AFTER'),
          direction: z.enum(['after', 'before']),
          other: z.string(),
          delay: z.string(),
          delayPrecision: z.string(),
          asStated: z.string(),
        }),
      ),
    }),
  ),
  next: z.string().nullable().describe('Cursor for the next page (the `after` parameter); null on the last'),
  histogram: z.object({
    unit: z.enum(['day', 'week', 'month']).describe('Days up to five months, ISO weeks up to three years, else months'),
    bins: z.array(z.object({ start: z.string().describe('First day of the bin (UTC)'), count: z.number().int() })),
  }),
  spanning: z.number().int().describe('Messages whose time is a range longer than a day, not in any bin'),
});

export const tableAndGraph = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), json)),
  truncated: z.boolean(),
  rowCap: z.number().int(),
  graph,
  elapsedMs: z.number(),
});

export const savedQueryList = z.object({
  queries: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      params: z.array(
        z.object({
          name: z.string(),
          type: z.string(),
          description: z.string(),
          required: z.boolean(),
          default: json.optional(),
          choices: z.array(z.string()).optional().describe('The only values it takes'),
        }),
      ),
    }),
  ),
});

export const statsAnswer = z.object({
  neo4j: z.object({ version: z.string(), edition: z.string(), address: z.string() }),
  counts: z.object({ nodes: z.record(z.string(), z.number()), relationships: z.record(z.string(), z.number()) }),
  time: z.object({
    first: z.string().nullable(),
    last: z.string().nullable(),
    dated: z.number().int(),
    undated: z.number().int(),
    perYear: z.array(z.object({ year: z.number().int(), messages: z.number().int() })),
  }),
});

const interval = z.object({ from: z.string(), to: z.string() });
const derivedTime = z
  .object({ anchor: z.string(), delay: z.string(), asStated: z.string() })
  .describe('The time comes from a stated delay after another message, not a timestamp');
const party = z.object({ id: z.string(), caption: z.string() });

export const timePathAnswer = graph.extend({
  mode: z.enum(['earliest', 'latest']),
  reached: z.boolean(),
  at: interval.nullable().describe('earliest: when `to` could first have it; latest: the latest it could leave `from`'),
  hops: z.array(
    z.object({
      from: graphNode,
      to: graphNode,
      kind: z.enum(['message', 'retweet', 'identity']),
      role: z.string(),
      message: graphNode.nullable(),
      time: interval.extend({ precision: z.string(), derived: derivedTime.optional() }).nullable(),
      order: z
        .enum(['certain', 'possible'])
        .nullable()
        .describe('possible: its time overlaps the hop before it, which may have come later'),
      orderBasis: z.string().nullable().describe('The link that shows the order: REPLIES_TO, REFERS_TO, RETWEETS'),
      sources: z.array(citation),
    }),
  ),
  ordinary: z.object({ hops: z.number().int(), nodes: z.array(z.string()) }).nullable(),
  truncated: z.boolean(),
  notes: z.array(z.string()),
});

export const reachAnswer = z.object({
  to: z.string(),
  before: z.string(),
  reached: z.array(z.object({ node: graphNode, latestDeparture: z.string(), hops: z.number().int() })),
  total: z.number().int(),
  truncated: z.boolean(),
});

export const cascadeAnswer = graph.extend({
  item: z.enum(['url', 'domain', 'phrase', 'message']),
  value: z.string(),
  posts: z.array(
    z.object({
      message: graphNode,
      authors: z.array(party),
      time: interval.extend({ derived: derivedTime.optional() }).nullable(),
      parent: z.string().nullable(),
      link: z
        .enum(['message', 'retweet', 'reference', 'inferred'])
        .nullable()
        .describe('How the post is known to come from its parent; inferred: same item, later, no message between'),
      provenBy: z.string().optional(),
      delayMs: z.number().nullable(),
    }),
  ),
  first: z.string().nullable(),
  perHour: z.array(z.object({ hour: z.string(), posts: z.number().int(), newAuthors: z.number().int() })),
  total: z.number().int(),
  untimed: z.number().int(),
  truncated: z.boolean(),
});

export const coordinationAnswer = z.object({
  groups: z.array(
    z.object({
      accounts: z.array(graphNode),
      items: z.array(
        z.object({
          item: z.string().describe('A URL id, or text: and a hash of the normalised text'),
          label: z.string(),
          accounts: z.array(z.string()),
          posts: z.array(z.string()),
          spanSeconds: z.number().int(),
        }),
      ),
      density: z.number().describe('Pairs of the accounts that meet the thresholds, over all pairs'),
      score: z.number(),
    }),
  ),
  total: z.number().int(),
  posts: z.number().int(),
  truncated: z.boolean(),
});

const caseView = z.object({
  elements: z
    .array(z.string().min(1).max(1_000))
    .max(5_000)
    .describe('Ids of the nodes and relationships on the canvas'),
  positions: z
    .record(z.string().max(1_000), z.object({ x: z.number(), y: z.number() }))
    .optional()
    .describe('Where each node sat'),
  styles: z.record(z.string().max(200), z.unknown()).optional(),
  filters: z.record(z.string().max(200), z.unknown()).optional(),
});
const caseNote = z.object({ on: z.string().min(1).max(1_000), text: z.string().min(1).max(10_000) });

export const caseInput = z.object({
  name: z.string().trim().min(1).max(200),
  question: z.string().max(2_000).optional(),
  view: caseView,
  notes: z.array(caseNote).max(1_000).default([]),
});

export const savedCase = caseInput.extend({
  ref: z.string(),
  savedAt: z.string(),
  dataVersion: z.string().nullable(),
  versions: z.number().int(),
});

export const caseList = z.object({
  cases: z.array(z.object({ ref: z.string(), name: z.string(), savedAt: z.string() })),
});

export const caseReplay = z.object({
  present: z.number().int(),
  missing: z.array(z.string()),
  unchecked: z.array(z.string()).describe('Not Backchannel ids (correspondence bundles): not checked'),
  same: z.boolean(),
});

export const openedCase = z.object({
  case: savedCase,
  stale: z.boolean().describe('The data changed since the case was saved'),
  changes: z.object({
    loadsSince: z.number().int(),
    touched: z.array(z.string()),
    newMessages: z.array(graphNode),
    decisions: z.array(z.object({ ref: z.string(), status: z.string(), from: z.string(), to: z.string() })),
  }),
  replay: caseReplay,
});
