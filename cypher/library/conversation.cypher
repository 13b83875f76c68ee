// @name conversation
// @description The conversation between two parties, in time order: every message one sent the
// @description other, through every account each controls. Messages known only relative to another
// @description are placed by that relation.
// @param a string  Id of the first party (account, person or organization)
// @param b string  Id of the second party
// @param limit integer = 500  Most messages to list
CALL () {
  MATCH (p:Account|Person|Organization) WHERE p.id IN [$a, $b]
  CALL (p) { RETURN p AS actor UNION MATCH (p)-[:CONTROLS]->(x:Account) RETURN x AS actor }
  RETURN p.id AS party, collect(actor) AS actors
}
WITH collect({party: party, actors: actors}) AS parties
WITH [x IN parties WHERE x.party = $a][0].actors AS aActors, [x IN parties WHERE x.party = $b][0].actors AS bActors
UNWIND aActors + bActors AS s
MATCH (s)-[sent:SENT]->(m:Message)-[r:TO|CC|BCC]->(t)
WHERE (s IN aActors AND t IN bActors) OR (s IN bActors AND t IN aActors)
WITH m, s IN aActors AS fromA, collect(sent) + collect(r) AS links
OPTIONAL MATCH (m)-[after:AFTER]->(anchor:Message)
WITH m, fromA, links, coalesce(m.sentFrom, anchor.sentFrom + duration(after.delay)) AS at
RETURN at, m.sentPrecision AS precision, CASE WHEN fromA THEN $a ELSE $b END AS from,
       CASE WHEN fromA THEN $b ELSE $a END AS to, m.kind AS kind, m.id AS message,
       coalesce(m.text, m.summary, m.subject) AS text, links AS graph
ORDER BY at IS NULL, at, message
LIMIT $limit
