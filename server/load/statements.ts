/**
 * The MERGE statements the writer runs, generated from the model: one per node label and one per
 * (relationship type, from label, to label). Pure, so golden tests can read them. Identifiers come
 * from the model's allowlist and are backtick-quoted; every value is a parameter.
 *
 * Nothing here depends on the order of writes: a node keeps every value as a statement (evidence.ts)
 * and shows the highest-ranked one; lists are kept sorted; a node's or relationship's recorded origin
 * is its first place in sort order. So batch size, concurrency, file order and reloads end in one graph.
 */
import { quoteIdentifier as ident } from '../model/identifiers.js';
import {
  NODES,
  PROVENANCE_PROPERTIES,
  RELATIONSHIPS,
  relationshipProperties,
  statedProperties,
} from '../model/graph-model.js';
import type { NodeLabel, RelationshipType } from '../model/graph-model.js';
import type { PropertySpec } from '../model/properties.js';

/** A Cypher string literal for a model name (names are identifiers: letters, digits, underscores). */
function literal(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a model name: ${name}`);
  return `'${name}'`;
}

/**
 * Adds new values to a stored list, kept sorted and without repeats: the list is the same whichever
 * load added which value first.
 */
function accumulateClauses(
  variable: string,
  specs: Readonly<Record<string, PropertySpec>>,
  carried: readonly string[] = [],
): string[] {
  return Object.entries(specs)
    .filter(([, spec]) => spec.accumulate)
    .flatMap(([name]) => {
      const sorted = `sorted_${name}`;
      return [
        `WITH ${[variable, 'row', ...carried].join(', ')}`,
        `CALL (${variable}, row) {`,
        `  UNWIND coalesce(${variable}.${ident(name)}, []) + coalesce(row.acc.${ident(name)}, []) AS x`,
        `  WITH DISTINCT x ORDER BY x`,
        `  RETURN collect(x) AS ${sorted}`,
        `}`,
        `SET ${variable}.${ident(name)} = CASE WHEN row.acc.${ident(name)} IS NULL THEN ${variable}.${ident(name)} ELSE ${sorted} END`,
      ];
    });
}

/**
 * Provenance: the earliest place (file, then record) that stated it, whichever load came first, and
 * every run that has seen it.
 */
function provenanceClauses(variable: string): string[] {
  // The names are the model's (PROVENANCE_PROPERTIES): the type refuses any other.
  const p = (name: keyof typeof PROVENANCE_PROPERTIES) => `${variable}.${name}`;
  const runs = `coalesce(${p('loadRuns')}, [])`;
  const earlier = `${p('loadedFrom')} IS NULL OR row.file + $sep + row.record < ${p('loadedFrom')} + $sep + ${p('loadedRecord')}`;
  return [
    `WITH ${variable}, row, ${earlier} AS earlier`,
    `SET ${p('loadedFrom')} = CASE WHEN earlier THEN row.file ELSE ${p('loadedFrom')} END,`,
    `    ${p('loadedRecord')} = CASE WHEN earlier THEN row.record ELSE ${p('loadedRecord')} END,`,
    `    ${p('loader')} = CASE WHEN earlier THEN $run.loader ELSE ${p('loader')} END,`,
    `    ${p('loadRuns')} = CASE WHEN $run.run IN ${runs} THEN ${p('loadRuns')} ELSE ${runs} + $run.run END`,
  ];
}

/**
 * The statements of this row joined to the stored ones (one per identity, the higher rank kept),
 * sorted; then each property the row states is set only if its statement is now the highest-ranked
 * for that property.
 */
function statementClauses(label: NodeLabel): string[] {
  /** The highest-ranked statement of a property in a list of statements. */
  const best = (name: string, list: string) =>
    `reduce(b = '', s IN [x IN ${list} WHERE x STARTS WITH ${literal(name)} + $sep] | ` +
    `CASE WHEN b = '' OR last(split(s, $sep)) > last(split(b, $sep)) THEN s ELSE b END)`;
  // A node without statements yet (new, or a stub a relationship made) takes the row's values as
  // they are: the cheap path of most rows of a first load. Otherwise a property takes the row's value
  // only when the row's statement of it is now the highest-ranked of all.
  const sets = statedProperties(label).map(
    (name) =>
      `n.${ident(name)} = CASE WHEN row.props.${ident(name)} IS NULL THEN n.${ident(name)} ` +
      `WHEN fresh THEN row.props.${ident(name)} ` +
      `WHEN ${best(name, 'row.sts')} = ${best(name, 'stmts')} THEN row.props.${ident(name)} ELSE n.${ident(name)} END`,
  );
  // Sorted, the statements of one identity sit side by side, the highest rank last: keep that one.
  // (The row's own statements come sorted, one per identity.)
  return [
    'WITH n, row, n.statements IS NULL AS fresh',
    'CALL (n, row, fresh) {',
    '  WITH n, row WHERE NOT fresh',
    '  UNWIND n.statements + row.sts AS s',
    '  WITH DISTINCT s ORDER BY s',
    '  RETURN collect(s) AS merged',
    '}',
    'WITH n, row, fresh, CASE WHEN fresh THEN row.sts ELSE [i IN range(0, size(merged) - 1) WHERE i = size(merged) - 1 OR NOT merged[i + 1] STARTS WITH left(merged[i], size(merged[i]) - size(last(split(merged[i], $sep)))) | merged[i]] END AS stmts',
    'SET n.statements = stmts',
    ...(sets.length ? [`SET ${sets.join(',\n    ')}`] : []),
    // What the load summary reports: properties the row states while another origin holds a value
    // the row does not state. One file's own history of a value (an account's followers, tweet after
    // tweet) is not a conflict: the sources do not disagree, the value changed.
    'WITH n, row, CASE WHEN fresh THEN 0 ELSE size([p IN keys(row.props) WHERE any(s IN stmts WHERE s STARTS WITH p + $sep AND none(t IN row.sts WHERE t STARTS WITH p + $sep AND (split(t, $sep)[1] = split(s, $sep)[1] OR split(t, $sep)[2] = split(s, $sep)[2])))]) END AS conflicts',
  ];
}

export function nodeMergeStatement(label: NodeLabel): string {
  return [
    'UNWIND $rows AS row',
    `MERGE (n:${ident(label)} {id: row.id})`,
    // A write first: it takes the node's lock, so what is read next is what the last writer committed.
    'SET n += row.key',
    ...provenanceClauses('n'),
    ...statementClauses(label),
    ...accumulateClauses('n', NODES[label].properties, ['conflicts']),
    'RETURN sum(conflicts) AS conflicts, collect(CASE WHEN conflicts > 0 THEN n.id END)[..5] AS conflicting',
  ].join('\n');
}

/** Source citations, kept as sorted (id, quote) pairs so both parallel lists are order-free. */
function sourceClauses(): string[] {
  return [
    'WITH r, row',
    'CALL (r, row) {',
    '  UNWIND [i IN range(0, size(coalesce(r.sourceIds, [])) - 1) | r.sourceIds[i] + $sep + r.sourceQuotes[i]]',
    '         + coalesce(row.sources, []) AS pair',
    '  WITH DISTINCT pair ORDER BY pair',
    '  RETURN collect(pair) AS pairs',
    '}',
    'SET r.sourceIds = CASE WHEN row.sources IS NULL THEN r.sourceIds ELSE [p IN pairs | split(p, $sep)[0]] END,',
    '    r.sourceQuotes = CASE WHEN row.sources IS NULL THEN r.sourceQuotes ELSE [p IN pairs | split(p, $sep)[1]] END',
  ];
}

export function relationshipMergeStatement(type: RelationshipType, from: NodeLabel, to: NodeLabel): string {
  // Endpoints are merged too: a relationship may arrive before its nodes (a reply to an email not
  // loaded yet); the stub carries only its key, and its provenance comes with its own record.
  return [
    'UNWIND $rows AS row',
    `MERGE (a:${ident(from)} {id: row.from})`,
    'ON CREATE SET a += row.fromKey',
    `MERGE (b:${ident(to)} {id: row.to})`,
    'ON CREATE SET b += row.toKey',
    // Matched on the type and key, which make the id (keys.ts), not on the id itself: with an index on
    // the id, the planner may seek it instead of expanding between the two bound nodes, and a seek has
    // to filter every relationship this transaction added (quadratic in the batch: 5,000 rows 3–4×
    // slower; chosen whenever the statistics say the type is small, as at the start of a load).
    `MERGE (a)-[r:${ident(type)}${keyPattern(type)}]->(b)`,
    // Set on every row, not only on creation: the write takes the relationship's lock, so the sources
    // and provenance read next are what the last writer committed.
    'SET r.id = row.id',
    ...provenanceClauses('r'),
    'SET r += row.props',
    ...sourceClauses(),
    ...accumulateClauses('r', relationshipProperties(type)),
  ].join('\n');
}

/** The relationship's key properties as a MERGE pattern (`{role: row.props.role}`), or nothing. */
export function keyPattern(type: RelationshipType, values = 'row.props'): string {
  const key = RELATIONSHIPS[type].key as readonly string[];
  return key.length ? ` {${key.map((k) => `${ident(k)}: ${values}.${ident(k)}`).join(', ')}}` : '';
}
