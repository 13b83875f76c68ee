// @name unsourced-facts
// @description Facts without any source: nodes no Source supports and relationships that cite none,
// @description with where each was loaded from (file and record) so it can be checked there. Derived
// @description structure (domains, IN_DOMAIN), bookkeeping and analysts' decisions are not facts.
// @description Listed in storage order, so the first rows come at once however large the graph.
// @param kind string = any  A label (Person, Message…) or relationship type (SENT…), or any
// @param limit integer = 500  Most facts to list
CALL () {
  MATCH (n)
  WHERE ($kind = 'any' OR $kind IN labels(n))
    AND NOT n:Source AND NOT n:Domain AND NOT n:LoadRun AND NOT n:SchemaMigration AND NOT n:Proposal
    AND NOT EXISTS { (n)-[:SUPPORTED_BY]->(:Source) }
  RETURN 'node' AS fact, labels(n)[0] AS kind, n.id AS id, n.loadedFrom AS loadedFrom, n.loadedRecord AS record,
         n AS item
  UNION ALL
  MATCH ()-[r:SENT|TO|CC|BCC|CONTROLS|LINKS_TO|MENTIONS|RETWEETS|EXPANDS_TO|REPLIES_TO|PART_OF|REFERS_TO|AFTER|CONNECTED_TO|AFFILIATED_WITH|PUBLISHED_BY]->()
  WHERE ($kind = 'any' OR type(r) = $kind) AND coalesce(size(r.sourceIds), 0) = 0
  RETURN 'relationship' AS fact, type(r) AS kind, r.id AS id, r.loadedFrom AS loadedFrom, r.loadedRecord AS record,
         r AS item
}
RETURN fact, kind, id, loadedFrom, record, item AS graph
LIMIT $limit
