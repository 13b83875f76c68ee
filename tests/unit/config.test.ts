import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

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
