UNWIND $groupA AS aId
UNWIND $groupB AS bId
WITH aId, bId WHERE aId <> bId
LIMIT $maxPairs
// Labelled lookups (the id constraints' indexes): an unlabelled {id: …} scans every node.
CALL (aId) {
  MATCH (a:Account {id: aId}) RETURN a
  UNION
  MATCH (a:Person {id: aId}) RETURN a
  UNION
  MATCH (a:Organization {id: aId}) RETURN a
}
CALL (bId) {
  MATCH (b:Account {id: bId}) RETURN b
  UNION
  MATCH (b:Person {id: bId}) RETURN b
  UNION
  MATCH (b:Organization {id: bId}) RETURN b
}
MATCH p = shortestPath((a)-[:SENT|TO|CC|BCC|CONTROLS|AFFILIATED_WITH|CONNECTED_TO|MENTIONS*..6]-(b))
WITH collect(p) AS paths
UNWIND paths AS p
UNWIND [x IN nodes(p)[1..-1] WHERE x:Person OR x:Account OR x:Organization] AS broker
WITH broker, size(paths) AS connected, count(*) AS pairs, collect(p)[0..3] AS examples
RETURN broker.id AS broker, labels(broker)[0] AS label,
       coalesce(broker.name, broker.displayName, broker.handle, broker.id) AS name,
       round(toFloat(pairs) / connected, 3) AS score, pairs, examples AS graph
ORDER BY score DESC, broker
LIMIT $limit
