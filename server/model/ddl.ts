/**
 * Constraints and indexes, derived from the model. Applied idempotently (IF NOT EXISTS) by the loader
 * and `backchannel schema apply`; written to cypher/schema/ by `npm run generate` for engineers to read.
 * Identifiers come only from the model, so interpolating them here is safe.
 */
import { quoteIdentifier as ident } from './identifiers.js';
import { NODE_DEFS, NODE_LABELS, RELATIONSHIP_TYPES } from './graph-model.js';

export const FULLTEXT_INDEX = 'backchannel_search';
/**
 * The sources each relationship cites (its `sourceIds` list), one whole id per entry (the keyword
 * analyzer): "what does this source support" is an index lookup, not a scan of every relationship.
 * A list property has no range index; a full-text index takes lists of strings.
 */
export const SOURCES_INDEX = 'backchannel_sources';

export function schemaStatements(): string[] {
  const statements: string[] = [];
  for (const label of NODE_LABELS) {
    const l = label.toLowerCase();
    // Uniqueness before data: MERGE is only safe under concurrent loads with it.
    statements.push(`CREATE CONSTRAINT ${l}_id IF NOT EXISTS FOR (n:${ident(label)}) REQUIRE n.id IS UNIQUE`);
    for (const [name, spec] of Object.entries(NODE_DEFS[label].properties)) {
      if (spec.indexed) {
        statements.push(`CREATE INDEX ${l}_${name} IF NOT EXISTS FOR (n:${ident(label)}) ON (n.${ident(name)})`);
      }
    }
  }
  for (const type of RELATIONSHIP_TYPES) {
    statements.push(`CREATE INDEX rel_${type.toLowerCase()}_id IF NOT EXISTS FOR ()-[r:${ident(type)}]-() ON (r.id)`);
  }
  const labels = NODE_LABELS.filter((label) => Object.values(NODE_DEFS[label].properties).some((p) => p.fulltext));
  const props = [
    ...new Set(
      labels.flatMap((label) =>
        Object.entries(NODE_DEFS[label].properties)
          .filter(([, p]) => p.fulltext)
          .map(([name]) => name),
      ),
    ),
  ];
  statements.push(
    `CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR (n:${labels.map(ident).join('|')}) ON EACH [${props
      .map((p) => `n.${ident(p)}`)
      .join(', ')}]`,
  );
  statements.push(
    `CREATE FULLTEXT INDEX ${SOURCES_INDEX} IF NOT EXISTS FOR ()-[r:${RELATIONSHIP_TYPES.map(ident).join('|')}]-() ON EACH [r.${ident('sourceIds')}] OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'keyword'}}`,
  );
  return statements;
}

export function schemaScript(): string {
  return `// Generated from server/model/graph-model.ts by \`npm run generate\`: do not edit by hand.
// Applied by \`backchannel schema apply\` and before every load.
${schemaStatements()
  .map((s) => `${s};`)
  .join('\n')}
`;
}
