// @name actor-paths
// @description How two parties are connected through correspondence alone: the shortest chains of
// @description people, accounts and organizations in which each step is one writing to the other (a
// @description message contracted to one hop, either direction; two recipients of one message are not a
// @description step). A person or organization starts or ends a chain through any account it controls.
// @description Each row is one chain, its actors named in order; its graph shows the messages.
// @param a string  Id of the first party (account, person or organization)
// @param b string  Id of the second party
// @param limit integer = 10  Most chains to list
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
