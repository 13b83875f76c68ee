// @name temporal-correlation
// @description Messages that follow a message of a given kind within a window: where both times are
// @description known to the minute, by their timestamps; where only a delay is stated ("15 minutes
// @description after"), by that statement. Each row says which. With related (the default), a
// @description timestamp match counts only when the later message's author is a recipient of the
// @description earlier one, is mentioned in it, or is tied to such a party within 3 hops of accounts,
// @description organizations and connections.
// @param kind string = direct_message  Kind of the earlier message (direct_message, email, tweet…)
// @param minutes integer = 60  Window after the earlier message, in minutes
// @param related boolean = true  Only authors related to the earlier message's parties
// @param limit integer = 100  Most pairs to list
CALL () {
  MATCH (later:Message)-[a:AFTER]->(earlier:Message {kind: $kind})
  WHERE datetime('2000-01-01T00:00:00Z') + duration(a.delay)
        <= datetime('2000-01-01T00:00:00Z') + duration({minutes: $minutes})
  RETURN earlier, later, a.delay AS delay, 'stated: ' + a.asStated AS basis
  UNION
  MATCH (earlier:Message {kind: $kind})
  WHERE earlier.sentPrecision IN ['instant', 'minute']
  MATCH (later:Message)
  WHERE later.sentFrom > earlier.sentFrom
    AND later.sentFrom <= earlier.sentFrom + duration({minutes: $minutes})
    AND later.sentPrecision IN ['instant', 'minute']
    AND (NOT $related OR EXISTS {
      MATCH (earlier)-[:TO|CC|BCC|MENTIONS]->(party), (author)-[:SENT]->(later)
      WHERE author = party OR EXISTS { (author)-[:CONTROLS|AFFILIATED_WITH|CONNECTED_TO*1..3]-(party) }
    })
  RETURN earlier, later, toString(duration.between(earlier.sentFrom, later.sentFrom)) AS delay, 'timestamps' AS basis
}
WITH earlier, later, delay, basis
ORDER BY earlier.sentFrom, earlier.id, delay
RETURN earlier.id AS earlierMessage, earlier.kind AS earlierKind,
       COLLECT { MATCH (s)-[:SENT]->(earlier) RETURN coalesce(s.name, s.handle) } AS earlierFrom,
       later.id AS laterMessage, later.kind AS laterKind,
       COLLECT { MATCH (s)-[:SENT]->(later) RETURN coalesce(s.name, s.handle) } AS laterFrom,
       COLLECT { MATCH (p)-[:CONTROLS]->(:Account)-[:SENT]->(later) RETURN p.name } AS laterBy,
       delay, basis, later.text AS text
LIMIT $limit
