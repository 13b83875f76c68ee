// @name source-support
// @description What a source supports: every node it backs (with the quote) and every relationship
// @description that cites it.
// @param source string  The source's ref (e.g. mueller-report-vol1) or id (source:…)
// @param limit integer = 500  Most facts to list
MATCH (s:Source) WHERE s.ref = $source OR s.id = $source
CALL (s) {
  MATCH (n)-[sb:SUPPORTED_BY]->(s)
  RETURN 'node' AS fact, labels(n)[0] AS kind, n.id AS id, sb.quote AS quote
  UNION ALL
  MATCH ()-[r]->() WHERE s.id IN r.sourceIds
  RETURN 'relationship' AS fact, type(r) AS kind, r.id AS id,
         r.sourceQuotes[[i IN range(0, size(r.sourceIds) - 1) WHERE r.sourceIds[i] = s.id][0]] AS quote
}
RETURN fact, kind, id, quote
ORDER BY fact, kind, id
LIMIT $limit
