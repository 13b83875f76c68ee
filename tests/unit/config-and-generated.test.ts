import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, PROJECT_ROOT } from '../../server/db/config.js';
import { generatedFiles } from '../../server/model/generate.js';
import { nodeMergeStatement, relationshipMergeStatement } from '../../server/load/statements.js';

describe('configuration', () => {
  it('uses the embedded Neo4j when NEO4J_URI is not set', () => {
    const config = loadConfig({});
    expect(config.neo4j).toMatchObject({ kind: 'embedded', boltPort: 7687, database: 'neo4j' });
  });

  it('accepts routing URIs for clusters and Aura', () => {
    const config = loadConfig({ NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io', NEO4J_PASSWORD: 'p' });
    expect(config.neo4j).toMatchObject({ kind: 'external', uri: 'neo4j+s://abc.databases.neo4j.io', user: 'neo4j' });
  });

  it.each([
    [{ NEO4J_URI: 'http://localhost:7474', NEO4J_PASSWORD: 'p' }, /^NEO4J_URI: must be a URI/],
    [{ NEO4J_URI: 'bolt://localhost:7687' }, /^NEO4J_PASSWORD: required when NEO4J_URI is set/],
    [{ NEO4J_DATABASE: 'no spaces' }, /^NEO4J_DATABASE: must be a Neo4j database name/],
    [{ PORT: 'eighty' }, /^PORT: /],
  ])('names the variable at fault: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ NEO4J_URI: '' }).neo4j.kind).toBe('embedded');
  });
});

describe('files derived from the model', () => {
  it.each(generatedFiles())('%s is up to date (run `npm run generate`)', (file, content) => {
    expect(readFileSync(path.join(PROJECT_ROOT, file), 'utf8')).toBe(content);
  });
});

describe('generated MERGE statements', () => {
  it('merges nodes on their id and accumulates list properties', () => {
    expect(nodeMergeStatement('Url')).toBe(
      [
        'UNWIND $rows AS row',
        'MERGE (n:`Url` {id: row.id})',
        'ON CREATE SET n.loadedFrom = row.file, n.loadedRecord = row.record, n.loader = $run.loader',
        'SET n.loadRuns = CASE WHEN $run.run IN coalesce(n.loadRuns, []) THEN n.loadRuns ELSE coalesce(n.loadRuns, []) + $run.run END',
        'SET n += row.props',
        'SET n.`spellings` = CASE WHEN row.acc.`spellings` IS NULL THEN n.`spellings` ELSE coalesce(n.`spellings`, []) + [x IN row.acc.`spellings` WHERE NOT x IN coalesce(n.`spellings`, [])] END',
      ].join('\n'),
    );
  });

  it('merges relationship endpoints as stubs so early relationships are kept', () => {
    expect(relationshipMergeStatement('REPLIES_TO', 'Message', 'Message')).toBe(
      [
        'UNWIND $rows AS row',
        'MERGE (a:`Message` {id: row.from})',
        'ON CREATE SET a += row.fromKey, a.loadedFrom = row.file, a.loadedRecord = row.record, a.loader = $run.loader',
        'MERGE (b:`Message` {id: row.to})',
        'ON CREATE SET b += row.toKey, b.loadedFrom = row.file, b.loadedRecord = row.record, b.loader = $run.loader',
        'MERGE (a)-[r:`REPLIES_TO`]->(b)',
        'ON CREATE SET r.id = row.id',
        'ON CREATE SET r.loadedFrom = row.file, r.loadedRecord = row.record, r.loader = $run.loader',
        'SET r.loadRuns = CASE WHEN $run.run IN coalesce(r.loadRuns, []) THEN r.loadRuns ELSE coalesce(r.loadRuns, []) + $run.run END',
        'SET r += row.props',
      ].join('\n'),
    );
  });

  it('merges a relationship on its type and key (what its id is made of), not on the indexed id', () => {
    expect(relationshipMergeStatement('AFFILIATED_WITH', 'Person', 'Organization')).toContain(
      'MERGE (a)-[r:`AFFILIATED_WITH` {`role`: row.props.`role`}]->(b)',
    );
    expect(relationshipMergeStatement('SENT', 'Account', 'Message')).not.toMatch(/\{id: row\.id\}\]/);
  });
});
