UNWIND [$a, $b] AS id
CALL (id) {
  MATCH (p:Account {id: id}) RETURN p
  UNION
  MATCH (p:Person {id: id}) RETURN p
  UNION
  MATCH (p:Organization {id: id}) RETURN p
}
CALL (p) { RETURN p AS actor, null AS control UNION MATCH (p)-[c:CONTROLS]->(x:Account) RETURN x AS actor, c AS control }
WITH p.id AS party, actor, control
WITH collect(CASE party WHEN $a THEN {actor: actor, control: control} END) AS starts,
     collect(CASE party WHEN $b THEN {actor: actor, control: control} END) AS ends
UNWIND starts AS start
UNWIND ends AS end
WITH start, end, start.actor AS x, end.actor AS y WHERE x <> y
MATCH path = SHORTEST 1 (x)
  ((p)-[r1:SENT|TO|CC|BCC]-(m:Message)-[r2:SENT|TO|CC|BCC]-(q) WHERE (type(r1) = 'SENT') <> (type(r2) = 'SENT')){1,4}
  (y)
WITH start, end, path, [n IN nodes(path) WHERE NOT n:Message] AS actors
RETURN length(path) / 2 AS steps, [n IN actors | coalesce(n.name, n.displayName, n.handle, n.id)] AS through,
       [n IN actors | n.id] AS ids, [path] + [c IN [start.control, end.control] WHERE c IS NOT NULL] AS graph
ORDER BY steps, ids
LIMIT $limit
