// @name url-propagation
// @description The path of a URL, or of every URL of a domain, from the first message that carried it
// @description to every later one, in time order. A message known only relative to another ("two
// @description days later") is placed by that relation, and the row says so.
// @param url string  A normalised URL, a spelling of one as written, or a domain (e.g. wlsearch.tk)
// @param limit integer = 200  Most messages to list
MATCH (u:Url)
WHERE u.url = $url OR u.domain = $url OR $url IN u.spellings
MATCH (m:Message)-[l:LINKS_TO]->(u)
OPTIONAL MATCH (m)-[a:AFTER]->(anchor:Message)
WITH u, m, l,
     CASE WHEN m.sentFrom IS NOT NULL THEN m.sentFrom ELSE anchor.sentFrom + duration(a.delay) END AS at,
     CASE WHEN m.sentFrom IS NOT NULL THEN 'sent ' + m.sentPrecision
          WHEN anchor IS NOT NULL THEN a.asStated + ' ' + anchor.id
          ELSE 'unknown' END AS timeBasis
RETURN at, timeBasis, m.id AS message, m.kind AS kind,
       COLLECT { MATCH (s)-[:SENT]->(m) RETURN coalesce(s.name, s.handle) } AS from,
       COLLECT { MATCH (m)-[:TO|CC|BCC]->(r) RETURN coalesce(r.name, r.handle) } AS to,
       u.url AS url, l.asWritten AS asWritten
ORDER BY at IS NULL, at, message
LIMIT $limit
