CALL () {
  MATCH (r:LoadRun) WHERE $run <> 'latest' AND (r.id = $run OR r.ref = $run) RETURN r
  UNION
  MATCH (r:LoadRun) WHERE $run = 'latest' AND r.startedAt IS NOT NULL
  RETURN r ORDER BY r.startedAt DESC LIMIT 1
}
CALL (r) {
  MATCH (n) WHERE n.loadRuns[0] = r.id
  RETURN 'node' AS added, labels(n)[0] AS kind, n.id AS id, n.loadedFrom AS loadedFrom, n.loadedRecord AS record,
         n AS item
  UNION ALL
  MATCH ()-[x]->() WHERE x.loadRuns[0] = r.id
  RETURN 'relationship' AS added, type(x) AS kind, x.id AS id, x.loadedFrom AS loadedFrom,
         x.loadedRecord AS record, x AS item
}
RETURN r.id AS run, r.startedAt AS startedAt, added, kind, id, loadedFrom, record, item AS graph
LIMIT $limit
