// @name linked-people
// @description People linked through a shared account (both control it) or a shared organization
// @description (both affiliated with it, with their roles).
// @param limit integer = 200  Most links to list
// People in name order (the name index gives it): the row limit stops the walk early instead of
// sorting every pair of a large organization's members.
MATCH (p1:Person) WHERE p1.name IS NOT NULL
WITH p1 ORDER BY p1.name
CALL (p1) {
  MATCH (p1)-[r1:CONTROLS]->(x:Account)<-[r2:CONTROLS]-(p2:Person)
  WHERE p1.id < p2.id
  RETURN p2, 'shared account' AS through, x.id AS via, null AS roles, [r1, r2] AS links
  UNION
  MATCH (p1)-[r1:AFFILIATED_WITH]->(o:Organization)<-[r2:AFFILIATED_WITH]-(p2:Person)
  WHERE p1.id < p2.id
  RETURN p2, 'shared organization' AS through, o.id AS via, [r1.role, r2.role] AS roles, [r1, r2] AS links
}
WITH p1, p2, through, via, roles, links ORDER BY p1.name, p2.name, via
RETURN p1.name AS person, p2.name AS other, through, via, roles, links AS graph
LIMIT $limit
