MATCH (s:Account|Person|Organization)-[:SENT]->(:Message)-[:LINKS_TO]->(u:Url)
WHERE NOT any(d IN $excludeDomains WHERE u.domain = toLower(d) OR u.domain ENDS WITH '.' + toLower(d))
  AND NOT any(x IN $excludeUrls WHERE toLower(u.url) CONTAINS toLower(x))
OPTIONAL MATCH (u)-[:IN_DOMAIN]->(d:Domain)
WITH CASE WHEN $by = 'domain' THEN d ELSE u END AS item, s
WITH item, collect(DISTINCT s) AS senders
WHERE item IS NOT NULL AND 1 < size(senders) <= $maxSenders
WITH item, senders, 1.0 / log(size(senders)) AS weight
UNWIND senders AS a
UNWIND senders AS b
WITH a, b, item, weight WHERE a.id < b.id
WITH a, b, item, weight ORDER BY weight DESC, coalesce(item.url, item.name)
WITH a, b, count(item) AS shared, sum(weight) AS weight, collect(item) AS items
WHERE shared >= $minShared
RETURN a.id AS first, b.id AS second, shared, round(weight, 3) AS weight,
       [i IN items[0..10] | coalesce(i.url, i.name)] AS examples, [a, b] + items[0..10] AS graph
ORDER BY weight DESC, shared DESC, first, second
LIMIT $limit
