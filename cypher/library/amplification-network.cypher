// @name amplification-network
// @description Who amplifies whom: one edge per pair of parties and kind, counting the messages in
// @description which one mentions the other, retweets or forwards one of the other's messages, or
// @description quotes it (REFERS_TO), with the first and last time in the window. The most active
// @description pairs first.
// @param from datetime = 1900-01-01T00:00:00Z  Only messages sent at or after this
// @param to datetime = 2100-01-01T00:00:00Z  Only messages sent before this
// @param minMessages integer = 1  Least number of messages for a pair to be listed
// @param limit integer = 200  Most pairs to list
CALL () {
  MATCH (m:Message)-[:MENTIONS]->(target:Account|Person|Organization)
  WHERE $from <= m.sentFrom < $to
  RETURN m, target, 'mentions' AS how
  UNION
  MATCH (m:Message)-[:RETWEETS]->(:Message)<-[:SENT]-(target:Account|Person|Organization)
  WHERE $from <= m.sentFrom < $to
  RETURN m, target, 'retweets' AS how
  UNION
  MATCH (m:Message)-[:REFERS_TO]->(:Message)<-[:SENT]-(target:Account|Person|Organization)
  WHERE $from <= m.sentFrom < $to
  RETURN m, target, 'quotes or forwards' AS how
}
MATCH (source:Account|Person|Organization)-[sent:SENT]->(m)
WHERE source <> target
WITH source, target, how, count(DISTINCT m) AS messages, min(m.sentFrom) AS first, max(m.sentFrom) AS last,
     collect(sent)[0..5] AS sample
WHERE messages >= $minMessages
RETURN source.id AS from, coalesce(source.name, source.displayName, source.handle) AS fromName, how,
       target.id AS to, coalesce(target.name, target.displayName, target.handle) AS toName, messages, first, last,
       [source, target] + sample AS graph
ORDER BY messages DESC, from, to, how
LIMIT $limit
