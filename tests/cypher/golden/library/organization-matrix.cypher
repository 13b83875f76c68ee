MATCH (s:Account {platform: 'email'})-[:SENT]->(m:Message)-[:TO|CC|BCC]->(r:Account {platform: 'email'})
WITH split(s.handle, '@')[-1] AS fromDomain, split(r.handle, '@')[-1] AS toDomain, m, s, r
WHERE NOT fromDomain IN $exclude AND NOT toDomain IN $exclude AND ($internal OR fromDomain <> toDomain)
WITH fromDomain, toDomain, count(DISTINCT m) AS messages, min(m.sentFrom) AS first, max(m.sentFrom) AS last,
     collect(DISTINCT s)[0..3] AS senders, collect(DISTINCT r)[0..3] AS recipients
ORDER BY messages DESC, fromDomain, toDomain
LIMIT $limit
// Only for the listed pairs: which organizations stand behind the sample addresses.
WITH fromDomain, toDomain, messages, first, last, senders, recipients,
     COLLECT { UNWIND senders AS a MATCH (a)<-[:CONTROLS]-(:Person)-[:AFFILIATED_WITH]->(o:Organization)
               RETURN DISTINCT o } AS fromOrgs,
     COLLECT { UNWIND recipients AS a MATCH (a)<-[:CONTROLS]-(:Person)-[:AFFILIATED_WITH]->(o:Organization)
               RETURN DISTINCT o } AS toOrgs
RETURN fromDomain, toDomain, messages, first, last, [o IN fromOrgs | o.name] AS fromOrganizations,
       [o IN toOrgs | o.name] AS toOrganizations, senders + recipients + fromOrgs + toOrgs AS graph
ORDER BY messages DESC, fromDomain, toDomain
