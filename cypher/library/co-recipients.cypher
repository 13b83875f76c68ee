// @name co-recipients
// @description Who is copied together with a party: the other recipients (To, Cc, Bcc) of the messages
// @description the party received, through every account a person or organization controls, with how
// @description many messages they shared, how often each was in Cc or Bcc, and the first and last time.
// @param id string  Id of an account, person or organization
// @param limit integer = 100  Most co-recipients to list
CALL () {
  MATCH (p:Account {id: $id}) RETURN p
  UNION
  MATCH (p:Person {id: $id}) RETURN p
  UNION
  MATCH (p:Organization {id: $id}) RETURN p
}
CALL (p) { RETURN p AS actor UNION MATCH (p)-[:CONTROLS]->(x:Account) RETURN x AS actor }
WITH p, collect(actor) AS actors
UNWIND actors AS actor
MATCH (m:Message)-[:TO|CC|BCC]->(actor)
WITH p, actors, collect(DISTINCT m) AS messages
UNWIND messages AS m
MATCH (m)-[copied:TO|CC|BCC]->(other)
WHERE NOT other IN actors
WITH p, other, count(DISTINCT m) AS together, count(CASE WHEN type(copied) <> 'TO' THEN 1 END) AS asCopy,
     min(m.sentFrom) AS first, max(m.sentFrom) AS last, collect(copied)[0..3] AS sample
RETURN other.id AS coRecipient, coalesce(other.name, other.displayName, other.handle) AS name, together, asCopy,
       first, last, [p, other] + sample AS graph
ORDER BY together DESC, coRecipient
LIMIT $limit
