CALL () {
  MATCH (later:Message)-[a:AFTER]->(earlier:Message {kind: $kind})
  WHERE datetime('2000-01-01T00:00:00Z') + duration(a.delay)
        <= datetime('2000-01-01T00:00:00Z') + duration({minutes: $minutes})
  RETURN earlier, later, a.delay AS delay, 'stated: ' + a.asStated AS basis, a AS link
  UNION
  MATCH (earlier:Message {kind: $kind})
  WHERE earlier.sentPrecision IN ['instant', 'minute']
  MATCH (later:Message)
  WHERE later.sentFrom > earlier.sentFrom
    AND later.sentFrom <= earlier.sentFrom + duration({minutes: $minutes})
    AND later.sentPrecision IN ['instant', 'minute']
    AND (NOT $related OR EXISTS {
      MATCH (earlier)-[:TO|CC|BCC|MENTIONS]->(party), (author)-[:SENT]->(later)
      WHERE author = party
         // Ties within 3 hops, met from both ends: a walk out of the author through an organization
         // visits every member of it, so the hop in the middle joins what each end reaches.
         OR EXISTS { (author)-[:CONTROLS|AFFILIATED_WITH|CONNECTED_TO]-(party) }
         OR EXISTS { (author)-[:CONTROLS|AFFILIATED_WITH|CONNECTED_TO]-(x)-[:CONTROLS|AFFILIATED_WITH|CONNECTED_TO]-(party) }
         OR EXISTS {
           MATCH (author)-[:CONTROLS|AFFILIATED_WITH|CONNECTED_TO]-(x), (party)-[:CONTROLS|AFFILIATED_WITH|CONNECTED_TO]-(y)
           WHERE EXISTS { (x)-[:CONTROLS|AFFILIATED_WITH|CONNECTED_TO]-(y) }
         }
    })
  RETURN earlier, later, toString(duration.between(earlier.sentFrom, later.sentFrom)) AS delay, 'timestamps' AS basis,
         null AS link
}
// Delays sort as durations (PT9M before PT12M, PT23H before P1D), not as their text.
WITH earlier, later, delay, basis, link, datetime('2000-01-01T00:00:00Z') + duration(delay) AS delayOrder
ORDER BY earlier.sentFrom, earlier.id, delayOrder, later.id
RETURN earlier.id AS earlierMessage, earlier.kind AS earlierKind,
       COLLECT { MATCH (s)-[:SENT]->(earlier) RETURN coalesce(s.name, s.handle) } AS earlierFrom,
       later.id AS laterMessage, later.kind AS laterKind,
       COLLECT { MATCH (s)-[:SENT]->(later) RETURN coalesce(s.name, s.handle) } AS laterFrom,
       COLLECT { MATCH (p)-[:CONTROLS]->(:Account)-[:SENT]->(later) RETURN p.name } AS laterBy,
       delay, basis, later.text AS text,
       [x IN [earlier, later, link] WHERE x IS NOT NULL] AS graph
LIMIT $limit
