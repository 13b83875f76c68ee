// @name shared-urls
// @description Senders (accounts, people, organizations) that linked to the same URLs, or to URLs on the
// @description same domains: pairs ranked by how telling what they share is. Each shared item weighs
// @description 1 / ln(senders of it) (Adamic–Adar), so two senders of an obscure link outrank a
// @description thousand senders of a popular one; items with more than maxSenders senders are left out,
// @description and so are the platform domains and the spacer and tracking images of the stop-lists.
// @param by string{url,domain} = url  "url" to pair senders of the same URL, "domain" for the same domain
// @param minShared integer = 1  Least number of shared URLs or domains for a pair to be listed
// @param maxSenders integer = 100  Items linked by more senders than this are too common to tell anything
// @param excludeDomains string[] = t.co,twitter.com,x.com,facebook.com,instagram.com,youtube.com,youtu.be,bit.ly,google.com,linkedin.com  Domains (and their subdomains) left out
// @param excludeUrls string[] = spacer.gif,pixel.gif,clear.gif,blank.gif,1x1.gif,transparent.gif,/open.aspx,/track/open  URLs containing any of these (case-insensitive) are left out
// @param limit integer = 100  Most pairs to list
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
