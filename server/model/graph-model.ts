/**
 * THE model of Backchannel: every node label, relationship type and property, declared once.
 *
 * Everything else derives from this module: record validation in the loader, the MERGE statements,
 * uniqueness constraints and indexes (cypher/schema), the dataset JSON Schema, API types and the
 * client's styles. It is pure TypeScript + zod so the browser client can import it too.
 *
 * Adding a label or a relationship type is one entry here; `npm run generate` then refreshes the
 * derived files, and a test fails while they are stale.
 */
import { prop } from './properties.js';
import type { PropertySpec } from './properties.js';

export const PLATFORMS = ['twitter', 'email', 'web', 'phone', 'other'] as const;
export const MESSAGE_KINDS = [
  'direct_message',
  'tweet',
  'retweet',
  'email',
  'public_statement',
  'report',
  'conversation',
  'other',
] as const;
/**
 * Kinds only their senders and recipients see: a mention in one does not reach the party it names
 * (a direct message that mentions Donald Trump was not read by him), unlike a mention in a tweet.
 */
export const PRIVATE_MESSAGE_KINDS: readonly (typeof MESSAGE_KINDS)[number][] = [
  'direct_message',
  'email',
  'conversation',
];
/**
 * How precisely a message's time is known. `instant`: to the second or better; `minute`; `day`: the
 * calendar day only; `range`: only that it lies between sentFrom and sentTo; `unknown`: no time at all
 * (a relative one may still be known through an AFTER relationship).
 */
export const TIME_PRECISIONS = ['instant', 'minute', 'day', 'range', 'unknown'] as const;

export interface NodeStyle {
  readonly color: string;
  readonly shape: 'ellipse' | 'round-rectangle' | 'diamond' | 'hexagon' | 'tag' | 'rectangle';
  /** A short glyph drawn in the node and shown beside search results. */
  readonly icon: string;
}

export interface NodeDef {
  readonly description: string;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  /** The natural key: these properties, normalised, make the node's stable `id`. */
  readonly key: readonly string[];
  /** Properties shown as the node's caption, the first one present wins. */
  readonly caption: readonly string[];
  readonly style: NodeStyle;
  /** Bookkeeping (load runs, migrations), not evidence: left out of search and exploration. */
  readonly meta?: boolean;
  /**
   * Identified by the ref its source gives it, scoped by the dataset, never by its name: the ref is
   * kept exactly as written (no case or punctuation folding), and a native record that has none is
   * identified by its name within its file (server/ingest/native-identity.ts).
   */
  readonly scopedRef?: boolean;
}

export interface RelationshipDef {
  readonly description: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly properties: Readonly<Record<string, PropertySpec>>;
  /**
   * Properties that distinguish two relationships of this type between the same nodes (e.g. two
   * quotes from one source). Empty: at most one such relationship per ordered pair.
   */
  readonly key: readonly string[];
  readonly style: { readonly color: string; readonly dashed?: boolean };
}

/** Properties every relationship may carry: the sources that support it. */
export const RELATIONSHIP_SOURCE_PROPERTIES = {
  // Parallel lists: the writer keeps them as sorted (id, quote) pairs, so they stay aligned.
  sourceIds: prop.strings('Ids of the Source nodes that support this relationship.'),
  sourceQuotes: prop.strings('Quotes from those sources, in the same order as sourceIds.'),
} as const;

/**
 * Where a node or relationship came from, set by the writer (never by records): its earliest place
 * (file, then record, whichever load came first), and every load run that has seen it since.
 */
export const PROVENANCE_PROPERTIES = {
  loadedFrom: prop.string('File of its earliest place, relative to the load root.'),
  loadedRecord: prop.string('Record within that file: a line, a JSON pointer, a Message-ID, a tweet id.'),
  loader: prop.string('Format and Backchannel version that loaded it (e.g. mbox@0.1.0).'),
  loadRuns: prop.strings('Ids of the LoadRun nodes that loaded it.', { accumulate: true }),
} as const;

const messageTime = {
  sentPrecision: prop.oneOf(TIME_PRECISIONS, 'How precisely the sending time is known.', { indexed: true }),
  sentFrom: prop.datetime('Earliest possible sending time (equal to sentTo for an exact instant).', {
    indexed: true,
  }),
  sentTo: prop.datetime('Latest possible sending time.', { indexed: true }),
  sentNote: prop.text('Where the time comes from when it is derived or vague, in words.'),
};

export const NODES = {
  Person: {
    description: 'A human being.',
    key: ['ref'],
    scopedRef: true,
    caption: ['name'],
    properties: {
      name: prop.string('Full name as commonly written.', {
        required: true,
        fulltext: true,
        indexed: true,
      }),
      aliases: prop.strings('Other names and spellings.', {
        fulltext: true,
        accumulate: true,
      }),
      ref: prop.string(
        "The identifier its source gives it, scoped by the dataset (`trumpworld:name:Donald Trump Jr.`, `registry:1`), or a curated dataset's own reference (`donald-trump-jr`). Names are never an identity by themselves.",
        { required: true },
      ),
      description: prop.text('Who this is, in a sentence.'),
    },
    style: { color: '#4e79a7', shape: 'ellipse', icon: '👤' },
  },
  Organization: {
    description: 'A company, campaign, publisher, agency, committee or other group.',
    key: ['ref'],
    scopedRef: true,
    caption: ['name'],
    properties: {
      name: prop.string('Name as commonly written.', {
        required: true,
        fulltext: true,
        indexed: true,
      }),
      ref: prop.string(
        "The identifier its source gives it, scoped by the dataset (`trumpworld:name:Donald Trump Jr.`, `registry:1`), or a curated dataset's own reference (`donald-trump-jr`). Names are never an identity by themselves.",
        { required: true },
      ),
      aliases: prop.strings('Other names and spellings.', {
        fulltext: true,
        accumulate: true,
      }),
      orgType: prop.string('Kind of organization (publisher, campaign, agency, committee…).'),
      description: prop.text('What this is, in a sentence.'),
    },
    style: { color: '#f28e2b', shape: 'round-rectangle', icon: '🏛' },
  },
  Account: {
    description: 'An identity on a platform: a Twitter handle, an email address.',
    key: ['platform', 'handle'],
    caption: ['displayName', 'handle'],
    properties: {
      platform: prop.oneOf(PLATFORMS, 'Where the account lives.', {
        required: true,
      }),
      handle: prop.string('Handle or address, normalised (lower case, no @ for Twitter).', {
        required: true,
        fulltext: true,
        indexed: true,
      }),
      displayName: prop.string('Name shown with the account.', {
        fulltext: true,
      }),
      displayNames: prop.strings('Every display name seen with the account (evidence for resolving people).', {
        accumulate: true,
        fulltext: true,
      }),
      externalId: prop.string("The platform's own id for the account (e.g. a numeric Twitter id).", {
        indexed: true,
      }),
      description: prop.text('Profile description.'),
      location: prop.string('Profile location as written.'),
      createdAt: prop.datetime('When the account was created.'),
      followers: prop.integer('Followers when last seen.'),
      following: prop.integer('Accounts followed when last seen.'),
      note: prop.text('Provenance or caveats about this account.'),
    },
    style: { color: '#59a14f', shape: 'tag', icon: '@' },
  },
  Message: {
    description: 'Something sent or published: a direct message, tweet, email, statement, report.',
    key: ['platform', 'ref'],
    caption: ['subject', 'summary', 'text'],
    properties: {
      platform: prop.oneOf(PLATFORMS, 'Where the message was sent or published.', { required: true }),
      ref: prop.string('Identifier within the platform (Message-ID, tweet id) or a dataset reference.', {
        required: true,
      }),
      kind: prop.oneOf(MESSAGE_KINDS, 'What sort of message this is.', {
        required: true,
        indexed: true,
      }),
      subject: prop.string('Email subject or headline.', { fulltext: true }),
      text: prop.text('The message text, verbatim where it is quoted.', {
        fulltext: true,
      }),
      summary: prop.text('A description of the message where its text is not known verbatim.', {
        fulltext: true,
      }),
      lang: prop.string('Language of the text (as the source gives it).'),
      folder: prop.string('Mailbox folder the message was found in.'),
      attachments: prop.strings('Attachments, each as "name (type, N bytes)".'),
      ...messageTime,
    },
    style: { color: '#e15759', shape: 'rectangle', icon: '✉' },
  },
  Url: {
    description: 'A web address, normalised so that spellings of the same address meet.',
    key: ['url'],
    caption: ['url'],
    properties: {
      url: prop.string('Normalised URL.', {
        required: true,
        fulltext: true,
        indexed: true,
      }),
      domain: prop.string('Host name of the URL.', {
        indexed: true,
        fulltext: true,
      }),
      spellings: prop.strings('Every way the URL was written in the loaded material.', {
        accumulate: true,
        fulltext: true,
      }),
      description: prop.text('What is at this address.'),
    },
    style: { color: '#76b7b2', shape: 'diamond', icon: '🔗' },
  },
  Domain: {
    description: 'A host name that URLs live on, so every link to a site is one hop from it.',
    key: ['name'],
    caption: ['name'],
    properties: {
      name: prop.string('Host name, lower case.', { required: true, fulltext: true, indexed: true }),
    },
    style: { color: '#499894', shape: 'round-rectangle', icon: '🌐' },
  },
  Source: {
    description: 'A document facts come from: an article, a report, a filing.',
    key: ['ref'],
    caption: ['title', 'publisher'],
    properties: {
      ref: prop.string('Short stable reference for the document.', {
        required: true,
      }),
      publisher: prop.string('Who published it.', {
        required: true,
        fulltext: true,
      }),
      title: prop.string('Title of the document.', {
        required: true,
        fulltext: true,
      }),
      url: prop.string('Where it can be read.'),
      published: prop.date('Publication date.'),
      note: prop.text('How the document was obtained or cited.'),
    },
    style: { color: '#9c755f', shape: 'hexagon', icon: '📄' },
  },
  LoadRun: {
    description: 'One run of `backchannel load`: what it read, when, and what it produced.',
    key: ['ref'],
    caption: ['ref'],
    meta: true,
    properties: {
      ref: prop.string('Run id (start time and a random suffix).', { required: true }),
      startedAt: prop.datetime('When the run started.', { indexed: true }),
      finishedAt: prop.datetime('When it finished (absent while running or after a crash).'),
      status: prop.oneOf(['running', 'finished', 'failed'], 'How it ended.', { required: true }),
      files: prop.strings('Files read, relative to the load root.'),
      formats: prop.strings('Formats read.'),
      loaderVersion: prop.string('Backchannel version that loaded them.'),
      read: prop.integer('Records read.'),
      loaded: prop.integer('Records loaded.'),
      rejected: prop.integer('Records rejected.'),
      warnings: prop.integer('Warnings.'),
      summary: prop.text('The run summary, as JSON.'),
    },
    style: { color: '#bab0ac', shape: 'rectangle', icon: '⚙' },
  },
  SchemaMigration: {
    description:
      'A numbered schema script from cypher/schema that has been applied, or partly: its progress is recorded statement by statement, so a failed run resumes after the last committed statement.',
    key: ['ref'],
    caption: ['ref'],
    meta: true,
    properties: {
      ref: prop.string('File name of the migration.', { required: true }),
      checksum: prop.string('Checksum of the script when it was first run.', { required: true }),
      statements: prop.integer('Statements in the script.'),
      done: prop.integer('Statements committed so far (all of them once applied).'),
      doneChecksum: prop.string(
        'Checksum of the statements committed so far: while partly applied, the rest may still be edited.',
      ),
      appliedAt: prop.datetime('When its last statement was committed (absent while partly applied).'),
    },
    style: { color: '#bab0ac', shape: 'rectangle', icon: '⚙' },
  },
  Case: {
    description:
      'A named investigation kept on the server: the canvas as saved, the question, notes on its nodes and edges, when it was saved and its earlier versions. Bookkeeping: never part of the graph that is explored.',
    key: ['ref'],
    caption: ['name'],
    meta: true,
    properties: {
      ref: prop.string('Short stable name: lower-case letters, digits and dashes.', { required: true }),
      name: prop.string('Title.', { required: true }),
      question: prop.text('The question the investigation asks.'),
      view: prop.text('The canvas: JSON of its element ids, positions, styles and filters.', { required: true }),
      notes: prop.text('Notes on nodes and edges: JSON list of {on, text}.'),
      elements: prop.strings('Ids of the nodes and relationships on the canvas, to compare with the data.'),
      savedAt: prop.datetime('When it was last saved.', { indexed: true }),
      dataVersion: prop.string('The data version (bookmark) it was saved on.'),
      history: prop.strings('Earlier versions as JSON, oldest first (the last 20).'),
    },
    style: { color: '#bab0ac', shape: 'rectangle', icon: '🗂' },
  },
  Proposal: {
    description:
      'A link `backchannel resolve` proposes (an account to a person, two entities as one) with its evidence, and the decision on it. Bookkeeping until an analyst accepts it: only then is the link (and a proposed person) written.',
    key: ['ref'],
    caption: ['reason'],
    meta: true,
    properties: {
      ref: prop.string('The id of the relationship it proposes (`RESOLVED_TO|account:…|person:…`).', {
        required: true,
      }),
      type: prop.oneOf(['RESOLVED_TO', 'SAME_AS'], 'The relationship it proposes.', { required: true }),
      from: prop.string('Id of the account or entity the link starts from.', { required: true, indexed: true }),
      to: prop.string('Id of the person or entity it links to.', { required: true, indexed: true }),
      toName: prop.string('Name of the person to create on acceptance, when it does not exist yet.'),
      status: prop.oneOf(['proposed', 'accepted', 'rejected'], 'Where the decision stands.', {
        required: true,
        indexed: true,
      }),
      confidence: prop.number('How likely the link is, 0 to 1.', { required: true }),
      method: prop.string('How it was found (display-name, address, same-name, shared-account, mapping, analyst).', {
        required: true,
      }),
      reason: prop.text('Why, in a sentence.', { required: true }),
      evidence: prop.strings('The observations behind it.'),
      decidedBy: prop.string('Who accepted or rejected it.'),
      decidedAt: prop.datetime('When.'),
    },
    style: { color: '#bab0ac', shape: 'rectangle', icon: '⚙' },
  },
} as const satisfies Record<string, NodeDef>;

const PARTIES = ['Person', 'Organization'] as const;
const ACTORS = ['Account', 'Person', 'Organization'] as const;
const ALL = ['Person', 'Organization', 'Account', 'Message', 'Url', 'Domain', 'Source'] as const;

export const RELATIONSHIPS = {
  SENT: {
    description: 'An account (or a person or organization speaking directly) sent or published a message.',
    from: ACTORS,
    to: ['Message'],
    key: [],
    properties: {},
    style: { color: '#e15759' },
  },
  TO: {
    description: 'A message was addressed to this recipient (To: for email).',
    from: ['Message'],
    to: ACTORS,
    key: [],
    properties: {},
    style: { color: '#e15759' },
  },
  CC: {
    description: 'Carbon-copy recipient of an email.',
    from: ['Message'],
    to: ['Account'],
    key: [],
    properties: {},
    style: { color: '#ff9d9a', dashed: true },
  },
  BCC: {
    description: 'Blind-carbon-copy recipient of an email.',
    from: ['Message'],
    to: ['Account'],
    key: [],
    properties: {},
    style: { color: '#ff9d9a', dashed: true },
  },
  CONTROLS: {
    description: 'A person or organization controls (owns, runs) an account.',
    from: PARTIES,
    to: ['Account'],
    key: [],
    properties: {},
    style: { color: '#59a14f' },
  },
  LINKS_TO: {
    description: 'A message contains a link to a URL.',
    from: ['Message'],
    to: ['Url'],
    key: [],
    properties: {
      asWritten: prop.strings('How the URL was written in this message.', {
        accumulate: true,
      }),
    },
    style: { color: '#76b7b2' },
  },
  MENTIONS: {
    description: 'A message mentions a person, organization, account or URL.',
    from: ['Message'],
    to: ['Person', 'Organization', 'Account', 'Url'],
    key: [],
    properties: {},
    style: { color: '#bab0ac', dashed: true },
  },
  RETWEETS: {
    description: 'A retweet (or forward) re-publishes an earlier message.',
    from: ['Message'],
    to: ['Message'],
    key: [],
    properties: {},
    style: { color: '#b07aa1' },
  },
  EXPANDS_TO: {
    description: 'A short link (t.co, bit.ly) leads to this URL.',
    from: ['Url'],
    to: ['Url'],
    key: [],
    properties: {},
    style: { color: '#76b7b2', dashed: true },
  },
  IN_DOMAIN: {
    description: 'A URL is on this domain.',
    from: ['Url'],
    to: ['Domain'],
    key: [],
    properties: {},
    style: { color: '#499894', dashed: true },
  },
  REPLIES_TO: {
    description: 'A message replies to an earlier one.',
    from: ['Message'],
    to: ['Message'],
    key: [],
    properties: {},
    style: { color: '#b07aa1' },
  },
  PART_OF: {
    description: 'A message belongs to a conversation or chain of messages.',
    from: ['Message'],
    to: ['Message'],
    key: [],
    properties: {},
    style: { color: '#b07aa1', dashed: true },
  },
  REFERS_TO: {
    description: 'A message or statement is about, releases or forwards another message.',
    from: ['Message'],
    to: ['Message'],
    key: [],
    properties: {},
    style: { color: '#b07aa1', dashed: true },
  },
  AFTER: {
    description:
      'A message was sent a known delay after another one, when only the relation is known (e.g. "15 minutes after").',
    from: ['Message'],
    to: ['Message'],
    key: [],
    properties: {
      delay: prop.string('ISO 8601 duration from the earlier message to this one (PT15M, P2D).', {
        required: true,
      }),
      delayPrecision: prop.oneOf(['minute', 'hour', 'day'], 'How precisely the delay is stated.', {
        required: true,
      }),
      asStated: prop.string('The delay in the words of the source.', {
        required: true,
      }),
    },
    style: { color: '#edc948' },
  },
  RESOLVED_TO: {
    description:
      'An account is believed to belong to a person: proposed by `backchannel resolve` with its evidence, then accepted or rejected by an analyst (never a destructive merge).',
    from: ['Account'],
    to: ['Person'],
    key: [],
    properties: {
      status: prop.oneOf(['proposed', 'accepted', 'rejected'], 'Where the decision stands.', { required: true }),
      confidence: prop.number('How likely the link is, 0 to 1.', { required: true }),
      method: prop.oneOf(['display-name', 'address', 'mapping', 'analyst'], 'How it was found.', { required: true }),
      reason: prop.text('Why, in a sentence.', { required: true }),
      evidence: prop.strings('The observations behind it.'),
      decidedBy: prop.string('Who accepted or rejected it.'),
    },
    style: { color: '#8cd17d', dashed: true },
  },
  SAME_AS: {
    description:
      'Two records of one person or organization (from different sources), as an analyst decided on a proposal of `backchannel resolve`. Only accepted links count: bundles, paths, search and expansion then read the cluster as one entity.',
    from: PARTIES,
    to: PARTIES,
    key: [],
    properties: {
      status: prop.oneOf(['accepted', 'rejected'], 'The decision.', { required: true }),
      confidence: prop.number('How likely it was, 0 to 1.', { required: true }),
      method: prop.string('How it was found (same-name, shared-account, analyst).', { required: true }),
      reason: prop.text('Why, in a sentence.', { required: true }),
      evidence: prop.strings('The observations behind it.'),
      decidedBy: prop.string('Who accepted it.'),
    },
    style: { color: '#8cd17d', dashed: true },
  },
  CONNECTED_TO: {
    description:
      'A documented connection between two parties that no more specific type states (e.g. TrumpWorld rows).',
    from: PARTIES,
    to: PARTIES,
    key: ['connection'],
    properties: {
      connection: prop.string('The connection in the words of the source.', { required: true }),
    },
    style: { color: '#f1ce63' },
  },
  AFFILIATED_WITH: {
    description: 'A person or organization belongs to, works for or is part of an organization.',
    from: PARTIES,
    to: ['Organization'],
    key: ['role'],
    properties: {
      role: prop.string('Role in the organization (e.g. campaign chairman).', {
        required: true,
      }),
    },
    style: { color: '#f28e2b' },
  },
  PUBLISHED_BY: {
    description: 'A source document was published by an organization.',
    from: ['Source'],
    to: ['Organization'],
    key: [],
    properties: {},
    style: { color: '#9c755f', dashed: true },
  },
  SUPPORTED_BY: {
    description: 'A node (a fact about an entity, a message, a source) is supported by a source, with the quote.',
    from: ALL,
    to: ['Source'],
    key: ['quote'],
    properties: {
      quote: prop.text('The passage of the source that supports it, verbatim.', { required: true }),
    },
    style: { color: '#9c755f', dashed: true },
  },
} as const satisfies Record<string, RelationshipDef>;

/**
 * Every value a load wrote to a node, with its source and rank (server/load/evidence.ts): the node
 * shows the highest-ranked value of each property, the others stay readable here.
 */
export const EVIDENCE_PROPERTIES = {
  statements: prop.strings('Every value loaded, as "property␟value␟origin␟rank", sorted.'),
} as const;

export type NodeLabel = keyof typeof NODES;
export type RelationshipType = keyof typeof RELATIONSHIPS;

/** The relationships that address a message to its recipients, in the order of an email's header. */
export const RECIPIENT_TYPES = ['TO', 'CC', 'BCC'] as const satisfies readonly RelationshipType[];

/** The relationships that say where a fact comes from (not facts themselves): left out of exploring. */
export const SOURCE_TYPES = ['SUPPORTED_BY', 'PUBLISHED_BY'] as const satisfies readonly RelationshipType[];

/** The declarations read as their interfaces: what code that walks every label or type reads. */
export const NODE_DEFS: Readonly<Record<NodeLabel, NodeDef>> = NODES;
export const RELATIONSHIP_DEFS: Readonly<Record<RelationshipType, RelationshipDef>> = RELATIONSHIPS;

export const NODE_LABELS = Object.keys(NODES) as NodeLabel[];
export const RELATIONSHIP_TYPES = Object.keys(RELATIONSHIPS) as RelationshipType[];

/** The labels identified by their source's scoped ref (NodeDef.scopedRef): people and organizations. */
export const SCOPED_LABELS: readonly NodeLabel[] = NODE_LABELS.filter((label) => NODE_DEFS[label].scopedRef);

export function isScopedLabel(label: string): boolean {
  return (SCOPED_LABELS as readonly string[]).includes(label);
}

export function isNodeLabel(value: string): value is NodeLabel {
  return Object.hasOwn(NODES, value);
}

export function isRelationshipType(value: string): value is RelationshipType {
  return Object.hasOwn(RELATIONSHIPS, value);
}

/** All properties a relationship of this type may carry, its own and the source ones. */
export function relationshipProperties(type: RelationshipType): Record<string, PropertySpec> {
  return {
    ...RELATIONSHIPS[type].properties,
    ...RELATIONSHIP_SOURCE_PROPERTIES,
  };
}

/** The properties of a label that are kept as statements: all but its key and accumulated lists. */
export function statedProperties(label: NodeLabel): string[] {
  const def: NodeDef = NODES[label];
  return Object.entries(def.properties)
    .filter(([name, spec]) => !spec.accumulate && !def.key.includes(name))
    .map(([name]) => name);
}
