CALL () {
  MATCH (p:Account {id: $id}) RETURN p
  UNION
  MATCH (p:Person {id: $id}) RETURN p
  UNION
  MATCH (p:Organization {id: $id}) RETURN p
}
CALL (p) {
  RETURN p AS actor
  UNION
  MATCH (p)-[:CONTROLS]->(a:Account) RETURN a AS actor
}
CALL (actor) {
  MATCH (actor)-[sent:SENT]->(m:Message)-[to:TO|CC|BCC]->(other) RETURN m, other, 'wrote to' AS direction, sent, to
  UNION ALL
  MATCH (other)-[sent:SENT]->(m:Message)-[to:TO|CC|BCC]->(actor) RETURN m, other, 'heard from' AS direction, sent, to
}
WITH p, other, direction, count(DISTINCT m) AS messages, min(m.sentFrom) AS first, max(m.sentTo) AS last,
     collect(DISTINCT m.kind) AS kinds, collect([sent, to])[0] AS example
RETURN other.id AS correspondent, coalesce(other.name, other.displayName, other.handle) AS name, direction,
       messages, first, last, kinds, [p, other] + example AS graph
ORDER BY messages DESC, correspondent, direction
LIMIT $limit
