// @name brokers
// @description Brokers between two groups: the nodes that sit on the most shortest paths joining a
// @description member of one group to a member of the other (a bounded betweenness that runs on
// @description Community edition: at most maxPairs pairs, paths of at most 6 hops, source links excluded).
// @param groupA string[]  Ids of the first group
// @param groupB string[]  Ids of the second group
// @param maxPairs integer = 400  Most (a, b) pairs to consider
// @param limit integer = 20  Most brokers to list
UNWIND $groupA AS aId
UNWIND $groupB AS bId
WITH aId, bId WHERE aId <> bId
LIMIT $maxPairs
MATCH (a {id: aId}), (b {id: bId})
MATCH p = allShortestPaths((a)-[:SENT|TO|CC|BCC|CONTROLS|AFFILIATED_WITH|CONNECTED_TO|MENTIONS|REPLIES_TO|LINKS_TO*..6]-(b))
WITH aId, bId, collect(p) AS paths
WITH aId, bId, paths, size(paths) AS n
UNWIND paths AS p
UNWIND nodes(p)[1..-1] AS broker
WITH broker, aId, bId, n, count(*) AS onPaths
WITH broker, sum(toFloat(onPaths) / n) AS score, count(DISTINCT [aId, bId]) AS pairs
RETURN broker.id AS broker, labels(broker)[0] AS label, coalesce(broker.name, broker.handle, broker.url, broker.id) AS name,
       round(score, 3) AS score, pairs
ORDER BY score DESC, broker
LIMIT $limit
