// @name single-source-facts
// @description Facts that rest on only one source: nodes supported by a single Source, and
// @description relationships citing a single source — the places a second source would help most.
// @param limit integer = 500  Most facts to list
CALL () {
  MATCH (n)-[:SUPPORTED_BY]->(s:Source)
  WHERE NOT n:Source
  WITH n, collect(DISTINCT s.ref) AS sources
  WHERE size(sources) = 1
  RETURN 'node' AS fact, labels(n)[0] AS kind, n.id AS id, sources[0] AS onlySource
  UNION ALL
  MATCH ()-[r]->()
  WHERE r.sourceIds IS NOT NULL AND all(x IN r.sourceIds WHERE x = r.sourceIds[0])
  RETURN 'relationship' AS fact, type(r) AS kind, r.id AS id, r.sourceIds[0] AS onlySource
}
RETURN fact, kind, id, onlySource
ORDER BY fact, kind, id
LIMIT $limit
