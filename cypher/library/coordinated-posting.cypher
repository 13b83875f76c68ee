// @name coordinated-posting
// @description Coordinated posting: minAccounts or more accounts posting the same URL, or near-identical
// @description text, within a window of minutes. Texts are compared after folding case, collapsing
// @description whitespace and dropping URLs, @mentions and a leading "RT"; texts shorter than minWords
// @description words after that are too generic to tell anything. One row per URL or text: its
// @description largest burst.
// @param minAccounts integer = 3  Least number of distinct accounts in the window
// @param minutes integer = 10  Width of the window
// @param kinds string[] = tweet,retweet,public_statement,other  Kinds of message that count as posts
// @param minWords integer = 4  Least number of words a text keeps after normalising
// @param from datetime = 1900-01-01T00:00:00Z  Only messages sent at or after this
// @param to datetime = 2100-01-01T00:00:00Z  Only messages sent before this
// @param limit integer = 100  Most bursts to list
CALL () {
  MATCH (m:Message)-[:LINKS_TO]->(u:Url)
  WHERE m.kind IN $kinds AND $from <= m.sentFrom < $to AND m.sentPrecision IN ['instant', 'minute']
  RETURN 'url' AS by, u.url AS key, m
  UNION ALL
  MATCH (m:Message)
  WHERE m.kind IN $kinds AND m.text IS NOT NULL AND $from <= m.sentFrom < $to
    AND m.sentPrecision IN ['instant', 'minute']
  WITH m, split(replace(replace(replace(toLower(m.text), '\n', ' '), '\t', ' '), '\r', ' '), ' ') AS tokens
  WITH m, [w IN tokens WHERE w <> '' AND NOT w STARTS WITH '@' AND NOT w STARTS WITH 'http://'
           AND NOT w STARTS WITH 'https://' AND NOT w STARTS WITH 'www.' AND NOT w STARTS WITH 't.co/'] AS words
  WITH m, CASE WHEN words[0] = 'rt' THEN words[1..] ELSE words END AS words
  WHERE size(words) >= $minWords
  RETURN 'text' AS by, reduce(t = words[0], w IN words[1..] | t + ' ' + w) AS key, m
}
MATCH (a:Account)-[sent:SENT]->(m)
WITH by, key, a, m, sent, m.sentFrom.epochSeconds AS t
// Two grids of buckets 2 windows wide, offset by a window: posts within a window of each other share
// a bucket in at least one grid, so each bucket is searched on its own instead of every pair of posts.
UNWIND [0, 1] AS grid
WITH by, key, grid, (t + grid * $minutes * 60) / ($minutes * 120) AS bucket,
     collect({account: a, message: m, sent: sent, t: t}) AS posts
WHERE size(posts) >= $minAccounts
UNWIND posts AS start
WITH by, key, [p IN posts WHERE start.t <= p.t <= start.t + $minutes * 60] AS window
WITH by, key, window,
     reduce(seen = [], p IN window | CASE WHEN p.account IN seen THEN seen ELSE seen + p.account END) AS accounts
WHERE size(accounts) >= $minAccounts
WITH by, key, window, accounts ORDER BY size(accounts) DESC, size(window) DESC, window[0].t
WITH by, key, collect({window: window, accounts: accounts})[0] AS burst
WITH by, key, burst.accounts AS accounts, [p IN burst.window | p.t] AS times, burst.window AS window
RETURN by, key, size(accounts) AS accounts, size(window) AS posts,
       datetime({epochSeconds: reduce(lo = times[0], x IN times | CASE WHEN x < lo THEN x ELSE lo END)}) AS first,
       datetime({epochSeconds: reduce(hi = times[0], x IN times | CASE WHEN x > hi THEN x ELSE hi END)}) AS last,
       [x IN accounts | x.id] AS who,
       accounts + [p IN window | p.message] + [p IN window | p.sent] AS graph
ORDER BY accounts DESC, posts DESC, first, key
LIMIT $limit
