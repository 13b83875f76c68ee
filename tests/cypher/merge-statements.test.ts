/** The loader's MERGE statements, as text: a change to what the loader sends shows here first. */
import { describe, expect, it } from 'vitest';
import { nodeMergeStatement, relationshipMergeStatement } from '../../server/load/statements.js';

describe('generated MERGE statements', () => {
  it('merges nodes on their id, keeps every value as a statement and shows the highest-ranked one', () => {
    expect(nodeMergeStatement('Url').split('\n')).toEqual([
      'UNWIND $rows AS row',
      'MERGE (n:`Url` {id: row.id})',
      'SET n += row.key',
      'WITH n, row, n.loadedFrom IS NULL OR row.file + $sep + row.record < n.loadedFrom + $sep + n.loadedRecord AS earlier',
      'SET n.loadedFrom = CASE WHEN earlier THEN row.file ELSE n.loadedFrom END,',
      '    n.loadedRecord = CASE WHEN earlier THEN row.record ELSE n.loadedRecord END,',
      '    n.loader = CASE WHEN earlier THEN $run.loader ELSE n.loader END,',
      '    n.loadRuns = CASE WHEN $run.run IN coalesce(n.loadRuns, []) THEN n.loadRuns ELSE coalesce(n.loadRuns, []) + $run.run END',
      'WITH n, row, n.statements IS NULL AS fresh',
      'CALL (n, row, fresh) {',
      '  WITH n, row WHERE NOT fresh',
      '  UNWIND n.statements + row.sts AS s',
      '  WITH DISTINCT s ORDER BY s',
      '  RETURN collect(s) AS merged',
      '}',
      'WITH n, row, fresh, CASE WHEN fresh THEN row.sts ELSE [i IN range(0, size(merged) - 1) WHERE i = size(merged) - 1 OR NOT merged[i + 1] STARTS WITH left(merged[i], size(merged[i]) - size(last(split(merged[i], $sep)))) | merged[i]] END AS stmts',
      'SET n.statements = stmts',
      "SET n.`domain` = CASE WHEN row.props.`domain` IS NULL THEN n.`domain` WHEN fresh THEN row.props.`domain` WHEN reduce(b = '', s IN [x IN row.sts WHERE x STARTS WITH 'domain' + $sep] | CASE WHEN b = '' OR last(split(s, $sep)) > last(split(b, $sep)) THEN s ELSE b END) = reduce(b = '', s IN [x IN stmts WHERE x STARTS WITH 'domain' + $sep] | CASE WHEN b = '' OR last(split(s, $sep)) > last(split(b, $sep)) THEN s ELSE b END) THEN row.props.`domain` ELSE n.`domain` END,",
      "    n.`description` = CASE WHEN row.props.`description` IS NULL THEN n.`description` WHEN fresh THEN row.props.`description` WHEN reduce(b = '', s IN [x IN row.sts WHERE x STARTS WITH 'description' + $sep] | CASE WHEN b = '' OR last(split(s, $sep)) > last(split(b, $sep)) THEN s ELSE b END) = reduce(b = '', s IN [x IN stmts WHERE x STARTS WITH 'description' + $sep] | CASE WHEN b = '' OR last(split(s, $sep)) > last(split(b, $sep)) THEN s ELSE b END) THEN row.props.`description` ELSE n.`description` END",
      'WITH n, row, CASE WHEN fresh THEN 0 ELSE size([p IN keys(row.props) WHERE any(s IN stmts WHERE s STARTS WITH p + $sep AND none(t IN row.sts WHERE t STARTS WITH p + $sep AND (split(t, $sep)[1] = split(s, $sep)[1] OR split(t, $sep)[2] = split(s, $sep)[2])))]) END AS conflicts',
      'WITH n, row, conflicts',
      'CALL (n, row) {',
      '  UNWIND coalesce(n.`spellings`, []) + coalesce(row.acc.`spellings`, []) AS x',
      '  WITH DISTINCT x ORDER BY x',
      '  RETURN collect(x) AS sorted_spellings',
      '}',
      'SET n.`spellings` = CASE WHEN row.acc.`spellings` IS NULL THEN n.`spellings` ELSE sorted_spellings END',
      'RETURN sum(conflicts) AS conflicts, collect(CASE WHEN conflicts > 0 THEN n.id END)[..5] AS conflicting',
    ]);
  });

  it('merges relationship endpoints as stubs so early relationships are kept, sources as sorted pairs', () => {
    expect(relationshipMergeStatement('REPLIES_TO', 'Message', 'Message').split('\n')).toEqual([
      'UNWIND $rows AS row',
      'MERGE (a:`Message` {id: row.from})',
      'ON CREATE SET a += row.fromKey',
      'MERGE (b:`Message` {id: row.to})',
      'ON CREATE SET b += row.toKey',
      'MERGE (a)-[r:`REPLIES_TO`]->(b)',
      'SET r.id = row.id',
      'WITH r, row, r.loadedFrom IS NULL OR row.file + $sep + row.record < r.loadedFrom + $sep + r.loadedRecord AS earlier',
      'SET r.loadedFrom = CASE WHEN earlier THEN row.file ELSE r.loadedFrom END,',
      '    r.loadedRecord = CASE WHEN earlier THEN row.record ELSE r.loadedRecord END,',
      '    r.loader = CASE WHEN earlier THEN $run.loader ELSE r.loader END,',
      '    r.loadRuns = CASE WHEN $run.run IN coalesce(r.loadRuns, []) THEN r.loadRuns ELSE coalesce(r.loadRuns, []) + $run.run END',
      'SET r += row.props',
      'WITH r, row',
      'CALL (r, row) {',
      '  UNWIND [i IN range(0, size(coalesce(r.sourceIds, [])) - 1) | r.sourceIds[i] + $sep + r.sourceQuotes[i]]',
      '         + coalesce(row.sources, []) AS pair',
      '  WITH DISTINCT pair ORDER BY pair',
      '  RETURN collect(pair) AS pairs',
      '}',
      'SET r.sourceIds = CASE WHEN row.sources IS NULL THEN r.sourceIds ELSE [p IN pairs | split(p, $sep)[0]] END,',
      '    r.sourceQuotes = CASE WHEN row.sources IS NULL THEN r.sourceQuotes ELSE [p IN pairs | split(p, $sep)[1]] END',
    ]);
  });

  it('merges a relationship on its type and key (what its id is made of), not on the indexed id', () => {
    expect(relationshipMergeStatement('AFFILIATED_WITH', 'Person', 'Organization')).toContain(
      'MERGE (a)-[r:`AFFILIATED_WITH` {`role`: row.props.`role`}]->(b)',
    );
    expect(relationshipMergeStatement('SENT', 'Account', 'Message')).not.toMatch(/\{id: row\.id\}\]/);
  });
});
