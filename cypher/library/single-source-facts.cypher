// @name single-source-facts
// @description Facts that rest on one source at most: nodes supported by a single Source and
// @description relationships citing a single source (the places a second source would help most),
// @description then, with withoutSource, facts that cite no source at all. Found from the sources
// @description (their SUPPORTED_BY links and the backchannel_sources index), not by reading every fact.
// @param withoutSource boolean = true  Also list facts with no source at all, after the single-source ones
// @param limit integer = 500  Most facts to list
CALL () {
  MATCH (s:Source)
  CALL (s) {
    MATCH (n)-[:SUPPORTED_BY]->(s)
    WHERE NOT n:Source AND NOT EXISTS { (n)-[:SUPPORTED_BY]->(other:Source) WHERE other <> s }
    RETURN DISTINCT 'node' AS fact, labels(n)[0] AS kind, n.id AS id, n AS item
    UNION ALL
    CALL db.index.fulltext.queryRelationships('backchannel_sources',
      '"' + replace(replace(s.id, '\\', '\\\\'), '"', '\\"') + '"') YIELD relationship AS r
    WHERE all(x IN r.sourceIds WHERE x = s.id)
    RETURN 'relationship' AS fact, type(r) AS kind, r.id AS id, r AS item
  }
  RETURN fact, kind, id, 1 AS sources, s.ref AS onlySource, item
  ORDER BY fact, kind, id
  UNION ALL
  // Unsourced facts stream in storage order, so the row limit stops the reading early.
  MATCH (n)
  WHERE $withoutSource AND NOT n:Source AND NOT n:Domain AND NOT n:LoadRun AND NOT n:SchemaMigration AND NOT n:Proposal
    AND NOT EXISTS { (n)-[:SUPPORTED_BY]->(:Source) }
  RETURN 'node' AS fact, labels(n)[0] AS kind, n.id AS id, 0 AS sources, null AS onlySource, n AS item
  UNION ALL
  // Facts between entities: not the derived IN_DOMAIN, the citations themselves, or analysts' decisions.
  MATCH ()-[r:SENT|TO|CC|BCC|CONTROLS|LINKS_TO|MENTIONS|RETWEETS|EXPANDS_TO|REPLIES_TO|PART_OF|REFERS_TO|AFTER|CONNECTED_TO|AFFILIATED_WITH|PUBLISHED_BY]->()
  WHERE $withoutSource AND coalesce(size(r.sourceIds), 0) = 0
  RETURN 'relationship' AS fact, type(r) AS kind, r.id AS id, 0 AS sources, null AS onlySource, r AS item
}
RETURN fact, kind, id, sources, onlySource, item AS graph
LIMIT $limit
