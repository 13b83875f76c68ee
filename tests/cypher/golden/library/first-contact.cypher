UNWIND [$a, $b] AS id
CALL (id) {
  MATCH (p:Account {id: id}) RETURN p
  UNION
  MATCH (p:Person {id: id}) RETURN p
  UNION
  MATCH (p:Organization {id: id}) RETURN p
}
CALL (p) { RETURN p AS actor UNION MATCH (p)-[:CONTROLS]->(x:Account) RETURN x AS actor }
WITH p.id AS party, collect(actor) AS actors
WITH collect({party: party, actors: actors}) AS parties
WITH [x IN parties WHERE x.party = $a][0].actors AS aActors, [x IN parties WHERE x.party = $b][0].actors AS bActors
UNWIND [[$a, aActors, $b, bActors], [$b, bActors, $a, aActors]] AS direction
WITH direction[0] AS fromParty, direction[1] AS senders, direction[2] AS toParty, direction[3] AS recipients
CALL (senders, recipients) {
  UNWIND senders AS s
  MATCH (s)-[sent:SENT]->(m:Message)-[how:TO|CC|BCC]->(r)
  WHERE r IN recipients AND m.sentFrom IS NOT NULL
  RETURN m, sent, how ORDER BY m.sentFrom, m.id LIMIT 1
}
WITH fromParty, toParty, m, sent, how ORDER BY m.sentFrom
WITH collect({from: fromParty, to: toParty, m: m, sent: sent, how: how}) AS firsts
UNWIND range(0, size(firsts) - 1) AS i
WITH firsts[i] AS f, i, firsts
RETURN CASE i WHEN 0 THEN 'first contact' ELSE 'first answer' END AS step, f.from AS from, f.to AS to,
       f.m.sentFrom AS at, f.m.sentPrecision AS precision, toLower(type(f.how)) AS via, f.m.id AS message,
       f.m.kind AS kind, coalesce(f.m.subject, f.m.text, f.m.summary) AS text,
       CASE i WHEN 0 THEN null ELSE toString(duration.between(firsts[0].m.sentFrom, f.m.sentFrom)) END AS after,
       [f.sent, f.how] AS graph
ORDER BY i
