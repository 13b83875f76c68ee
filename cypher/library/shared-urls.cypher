// @name shared-urls
// @description Accounts (or other senders) that linked to the same URL, or to URLs on the same
// @description domain: pairs of senders with what they shared, most shared first.
// @param by string = url  "url" to pair senders of the same URL, "domain" for the same domain
// @param minShared integer = 1  Least number of shared URLs or domains for a pair to be listed
// @param limit integer = 100  Most pairs to list
MATCH (s1)-[:SENT]->(:Message)-[:LINKS_TO]->(u:Url)
WITH s1, CASE WHEN $by = 'domain' THEN u.domain ELSE u.url END AS shared
WITH shared, collect(DISTINCT s1) AS senders
WHERE size(senders) > 1
UNWIND senders AS a
UNWIND senders AS b
WITH a, b, shared WHERE a.id < b.id
WITH a, b, collect(shared) AS sharedItems
WHERE size(sharedItems) >= $minShared
RETURN a.id AS first, b.id AS second, size(sharedItems) AS shared, sharedItems[0..10] AS examples
ORDER BY shared DESC, first, second
LIMIT $limit
