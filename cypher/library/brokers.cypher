// @name brokers
// @description Brokers between two groups: the people, accounts and organizations that sit on the
// @description shortest paths joining members of one group to members of the other, through
// @description correspondence, mentions, control, affiliation and documented connections (at most 6
// @description hops, at most maxPairs pairs). One shortest path per pair: between busy accounts the
// @description shortest paths number in the millions, most differing only in which message they pass.
// @description Score: the share of connected pairs a broker lies between. Messages are never brokers.
// @param groupA string[]  Ids of the first group (accounts, people or organizations)
// @param groupB string[]  Ids of the second group
// @param maxPairs integer = 400  Most (a, b) pairs to consider
// @param limit integer = 20  Most brokers to list
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
