/**
 * When a message was sent, as an interval of epoch milliseconds, for queries that order messages in
 * time. A message with a timestamp (instant, minute, day or range) has it; a message known only by a
 * stated delay after another ("15 minutes after") takes the other's interval shifted by the delay and
 * widened by the statement's precision, and says so in `derived`. Neither: both ends are null.
 *
 * A Cypher fragment: `CALL (m) {…}` yielding tFrom, tTo and derived for the message `m`.
 */
export const MESSAGE_TIME = `CALL (m) {
    OPTIONAL MATCH (m)-[a:AFTER]->(e:Message) WHERE m.sentFrom IS NULL AND e.sentFrom IS NOT NULL
    WITH m, a, e ORDER BY e.sentFrom LIMIT 1
    RETURN coalesce(m.sentFrom, e.sentFrom + duration(a.delay)).epochMillis AS tFrom,
           coalesce(m.sentTo, e.sentTo + duration(a.delay) + CASE a.delayPrecision
             WHEN 'minute' THEN duration('PT1M') WHEN 'hour' THEN duration('PT1H') ELSE duration('P1D') END).epochMillis AS tTo,
           CASE WHEN m.sentFrom IS NULL AND e IS NOT NULL THEN {anchor: e.id, delay: a.delay, asStated: a.asStated} END AS derived
  }`;
