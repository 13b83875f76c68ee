// @name url-propagation
// @description The path of a URL, or of every URL of a domain and its subdomains (www. and the rest),
// @description from the first message that carried it to every later one, in time order. A message
// @description known only relative to another ("two days later") is placed by that relation, and the
// @description row says so.
// @param url string  A domain (e.g. wlsearch.tk), a normalised URL, or a spelling of one as written
// @param limit integer = 200  Most messages to list
WITH trim($url) AS asked
WITH asked, CASE WHEN asked CONTAINS '://' THEN split(asked, '://')[1] ELSE asked END AS rest
// The host as Url nodes record it (lower case; no scheme, path, query, fragment, port or user), and
// the path as written: a URL asked for is found as either scheme would normalise it.
WITH asked, asked CONTAINS '/' AS isUrl,
     toLower(split(split(split(split(split(rest, '/')[0], '?')[0], '#')[0], '@')[-1], ':')[0]) AS host,
     CASE WHEN rest CONTAINS '/' THEN substring(rest, size(split(rest, '/')[0])) ELSE '/' END AS pathPart
CALL (asked, isUrl, host, pathPart) {
  // A domain: the Domain nodes (index seek, then a scan of the domain index for subdomains).
  MATCH (d:Domain) WHERE NOT isUrl AND (d.name = host OR d.name ENDS WITH '.' + host)
  MATCH (u:Url)-[:IN_DOMAIN]->(d)
  RETURN u
  UNION
  // A URL: its normalised form (index seek), or any spelling of a URL on its host.
  MATCH (u:Url) WHERE u.url IN [asked, 'http://' + host + pathPart, 'https://' + host + pathPart]
  RETURN u
  UNION
  MATCH (d:Domain {name: host})<-[:IN_DOMAIN]-(u:Url)
  WHERE isUrl AND asked IN u.spellings
  RETURN u
}
MATCH (m:Message)-[l:LINKS_TO]->(u)
OPTIONAL MATCH (m)-[a:AFTER]->(anchor:Message)
WITH u, m, l, a,
     CASE WHEN m.sentFrom IS NOT NULL THEN m.sentFrom ELSE anchor.sentFrom + duration(a.delay) END AS at,
     CASE WHEN m.sentFrom IS NOT NULL THEN 'sent ' + m.sentPrecision
          WHEN anchor IS NOT NULL THEN a.asStated + ' ' + anchor.id
          ELSE 'unknown' END AS timeBasis
RETURN at, timeBasis, m.id AS message, m.kind AS kind,
       COLLECT { MATCH (s)-[:SENT]->(m) RETURN coalesce(s.name, s.handle) } AS from,
       COLLECT { MATCH (m)-[:TO|CC|BCC]->(r) RETURN coalesce(r.name, r.handle) } AS to,
       u.url AS url, l.asWritten AS asWritten,
       [l] + [x IN [a] WHERE x IS NOT NULL] + COLLECT { MATCH (s)-[sent:SENT]->(m) RETURN sent } AS graph
ORDER BY at IS NULL, at, message
LIMIT $limit
