// @name thread
// @description The thread a message belongs to, reconstructed: up its REPLIES_TO chain to the first
// @description message, then every reply below that, with the messages PART_OF the same conversation;
// @description in time order, each with its depth below the first message, its sender and recipients.
// @param message string  Id of any message of the thread (e.g. message:email:…)
// @param limit integer = 500  Most messages to list
MATCH (m:Message {id: $message})
// The first message: the farthest one up the chain (a chain ends where nothing is replied to).
OPTIONAL MATCH up = (m)-[:REPLIES_TO*1..100]->(top:Message)
WHERE NOT EXISTS { (top)-[:REPLIES_TO]->(:Message) }
WITH m, coalesce(top, m) AS root
CALL (m, root) {
  MATCH down = (root)<-[:REPLIES_TO*0..100]-(x:Message)
  RETURN x, length(down) AS depth, relationships(down)[-1] AS link
  UNION
  MATCH (m)-[:PART_OF]->(conversation:Message)<-[link:PART_OF]-(x:Message)
  RETURN x, null AS depth, link
  UNION
  MATCH (m)-[link:PART_OF]->(x:Message)
  RETURN x, null AS depth, link
}
WITH x, min(depth) AS depth, collect(link) AS links
RETURN x.sentFrom AS at, depth, x.id AS message, x.kind AS kind, coalesce(x.subject, x.summary) AS subject,
       COLLECT { MATCH (s)-[:SENT]->(x) RETURN coalesce(s.name, s.displayName, s.handle) } AS from,
       COLLECT { MATCH (x)-[:TO|CC|BCC]->(r) RETURN coalesce(r.name, r.displayName, r.handle) } AS to,
       x.text AS text, [x] + links + COLLECT { MATCH (s)-[sent:SENT]->(x) RETURN sent } AS graph
ORDER BY at IS NULL, at, depth, message
LIMIT $limit
