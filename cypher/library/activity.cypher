// @name activity
// @description A party's activity over time: messages sent and received per day, week or month (through
// @description every account a person or organization controls), first and last seen, bursts and
// @description silences. A burst is a period whose count exceeds the mean of the party's active periods by more
// @description than two standard deviations; a silence is a gap of at least silenceDays before a period.
// @param id string  Id of an account, person or organization
// @param by string{day,week,month} = week  Period: day, week or month
// @param silenceDays integer = 30  Least gap, in days, that counts as a silence
// @param limit integer = 1000  Most periods to list
CALL () {
  MATCH (p:Account {id: $id}) RETURN p
  UNION
  MATCH (p:Person {id: $id}) RETURN p
  UNION
  MATCH (p:Organization {id: $id}) RETURN p
}
CALL (p) {
  RETURN p AS actor, null AS controls
  UNION
  MATCH (p)-[c:CONTROLS]->(a:Account) RETURN a AS actor, c AS controls
}
WITH p, collect(actor) AS actors, collect(controls) AS controls
CALL (actors) {
  UNWIND actors AS actor
  MATCH (actor)-[:SENT]->(m:Message)
  RETURN m, true AS sent
  UNION
  UNWIND actors AS actor
  MATCH (m:Message)-[:TO|CC|BCC]->(actor)
  RETURN m, false AS sent
}
WITH p, actors, controls, m, sent WHERE m.sentFrom IS NOT NULL
WITH p, actors, controls, date.truncate($by, m.sentFrom) AS period,
     count(DISTINCT CASE WHEN sent THEN m END) AS sent, count(DISTINCT CASE WHEN NOT sent THEN m END) AS received,
     min(m.sentFrom) AS firstInPeriod, max(m.sentFrom) AS lastInPeriod
ORDER BY period
WITH p, actors, controls,
     collect({period: period, sent: sent, received: received, first: firstInPeriod, last: lastInPeriod}) AS periods
WITH p, actors, controls, periods, reduce(s = 0.0, x IN periods | s + x.sent + x.received) / size(periods) AS mean
WITH p, actors, controls, periods, mean,
     sqrt(reduce(s = 0.0, x IN periods | s + (x.sent + x.received - mean) ^ 2) / size(periods)) AS sd
UNWIND range(0, size(periods) - 1) AS i
WITH p, actors, controls, periods, mean, sd, i, periods[i] AS here
WITH p, actors, controls, here, periods[0].first AS firstSeen, periods[-1].last AS lastSeen,
     CASE WHEN i = 0 THEN null ELSE duration.inDays(date(periods[i - 1].last), date(here.first)).days END AS gapDays,
     here.sent + here.received > mean + 2 * sd AND size(periods) > 2 AS burst
RETURN here.period AS period, here.sent AS sent, here.received AS received, here.sent + here.received AS total,
       burst, CASE WHEN gapDays >= $silenceDays THEN gapDays END AS silenceDaysBefore, firstSeen, lastSeen,
       [p] + actors + controls AS graph
ORDER BY period
LIMIT $limit
