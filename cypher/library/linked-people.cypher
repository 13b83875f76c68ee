// @name linked-people
// @description People linked through a shared account (both control it) or a shared organization
// @description (both affiliated with it, with their roles).
// @param limit integer = 200  Most links to list
CALL () {
  MATCH (p1:Person)-[r1:CONTROLS]->(x:Account)<-[r2:CONTROLS]-(p2:Person)
  WHERE p1.id < p2.id
  RETURN p1, p2, 'shared account' AS through, x.id AS via, null AS roles, [r1, r2] AS links
  UNION
  MATCH (p1:Person)-[r1:AFFILIATED_WITH]->(o:Organization)<-[r2:AFFILIATED_WITH]-(p2:Person)
  WHERE p1.id < p2.id
  RETURN p1, p2, 'shared organization' AS through, o.id AS via, [r1.role, r2.role] AS roles, [r1, r2] AS links
}
RETURN p1.name AS person, p2.name AS other, through, via, roles, links AS graph
ORDER BY person, other, via
LIMIT $limit
