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
