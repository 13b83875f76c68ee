MATCH (s:Source) WHERE s.ref = $source OR s.id = $source
CALL (s) {
  MATCH (n)-[sb:SUPPORTED_BY]->(s)
  RETURN 'node' AS fact, labels(n)[0] AS kind, n.id AS id, sb.quote AS quote, [n, sb] AS graph
  UNION ALL
  // A phrase of the whole id under the keyword analyzer: an exact match of one list entry.
  CALL db.index.fulltext.queryRelationships('backchannel_sources',
    '"' + replace(replace(s.id, '\\', '\\\\'), '"', '\\"') + '"') YIELD relationship AS r
  WHERE s.id IN r.sourceIds
  RETURN 'relationship' AS fact, type(r) AS kind, r.id AS id,
         r.sourceQuotes[[i IN range(0, size(r.sourceIds) - 1) WHERE r.sourceIds[i] = s.id][0]] AS quote, [r] AS graph
}
RETURN fact, kind, id, quote, graph
ORDER BY fact, kind, id
LIMIT $limit
