/**
 * The FiveThirtyEight / Clemson "Russian troll tweets" CSV (Linvill & Warren): one tweet per row, with
 * the 21 original columns (external_author_id, author, content, region, language, publish_date,
 * harvested_date, following, followers, updates, post_type, account_type, retweet, account_category,
 * new_june_2018, alt_external_id, tweet_id, article_url, tco1_step1, tco2_step1, tco3_step1), possibly
 * preceded by unnamed index columns (the sample in ../shared/data has two: "" and "Unnamed: 0").
 * Columns are found by name, so both layouts read alike.
 *
 * Per row: the author's Account, the tweet's Message, SENT, a MENTIONS (and a bare Account) per
 * "@handle" in the text, and the links. What the layout does not give is not invented:
 *  - A retweet's original tweet id is not in the layout, so there is no RETWEETS relationship; the
 *    original author, when the text starts "RT @handle:", is a MENTIONS like any other.
 *  - tco1_step1..tco3_step1 are expanded URLs, and the t.co links are in the text, but the columns do
 *    not follow the order of the text: FiveThirtyEight lists a media expansion
 *    (twitter.com/…/status/…/photo/1) first while Twitter appends its t.co link at the end of the text,
 *    and rows with three links show the other columns reversed as often as not. So a t.co link is
 *    paired with its expansion (EXPANDS_TO) only when the pairing is certain: one t.co link and one
 *    expanded URL; or two t.co links, one media expansion and one other, the media one taking the last
 *    link (where Twitter puts it). Otherwise both kinds of URL are linked to the message (LINKS_TO)
 *    and no pairing is guessed. This is not reported as a warning: nothing in the row is wrong.
 *  - article_url is the tweet's own permalink, not a link its author posted: it is not loaded.
 *
 * Text is kept verbatim: Twitter's HTML escapes ("&amp;") and the U+FFFD of characters lost before
 * publication stay as they are.
 */
import type { Parsed, Parser } from '../types.js';
import { csvTable, headerNames } from './csv.js';
import type { CsvLayout } from './csv.js';
import {
  accountRef,
  bareAccount,
  count,
  findMentions,
  findShortLinks,
  ira538Minute,
  linkRecords,
  messageRef,
  nodeRecord,
  PLATFORM,
  relationship,
  Seen,
  twitterHandle,
} from './common.js';
import type { MessageLink, TwitterRecord } from './common.js';

const REQUIRED = ['author', 'content', 'publish_date', 'tweet_id'] as const;
export const IRA_TWEETS_LAYOUT: CsvLayout = { name: 'FiveThirtyEight tweet CSV', required: REQUIRED };
const EXPANDED = ['tco1_step1', 'tco2_step1', 'tco3_step1'] as const;

/** A header line of this layout: the columns a row cannot do without, and the author's id column. */
export function looksLikeIraCsv(headerLine: string): boolean {
  const names = new Set(headerNames(headerLine));
  return [...REQUIRED, 'external_author_id'].every((name) => names.has(name));
}

/** A Twitter media page ("https://twitter.com/jdoe/status/1/photo/1"), what a photo's or video's t.co link leads to. */
const MEDIA_PAGE = /^https?:\/\/(?:www\.|mobile\.)?twitter\.com\/[^/]+\/status\/\d+\/(?:photo|video)\/\d+$/i;

/** The (t.co, expanded) pairs that are certain, as explained at the top of this file. */
export function pairShortLinks(shortLinks: readonly string[], expanded: readonly string[]): [string, string][] {
  if (shortLinks.length !== expanded.length) return [];
  if (shortLinks.length === 1) return [[shortLinks[0]!, expanded[0]!]];
  if (shortLinks.length !== 2) return [];
  const media = expanded.filter((url) => MEDIA_PAGE.test(url));
  const other = expanded.filter((url) => !MEDIA_PAGE.test(url));
  if (media.length !== 1 || other.length !== 1) return [];
  return [
    [shortLinks[0]!, other[0]!],
    [shortLinks[1]!, media[0]!],
  ];
}

/**
 * A Twitter user id as the layout gives it, when it can be trusted: digits, and not one of the ids
 * that went through a spreadsheet's floating point ("890000000000000000" for 890467190402686977;
 * alt_external_id usually keeps the exact one).
 */
function userId(...candidates: (string | undefined)[]): string | undefined {
  return candidates.map((c) => c?.trim() ?? '').find((id) => /^\d+$/.test(id) && !/^\d{1,4}0{12,}$/.test(id));
}

export const parseIraTweetsCsv: Parser = async function* (file, options = {}): AsyncIterable<Parsed> {
  const seen = new Seen();
  for await (const row of csvTable(file, options, IRA_TWEETS_LAYOUT)) {
    if ('error' in row) {
      yield { where: { file, line: row.line }, error: row.error, raw: '' };
      return;
    }
    const { get } = row;
    const tweetId = get('tweet_id').trim();
    const where = tweetId ? { file, line: row.line, record: tweetId } : { file, line: row.line };
    const problem =
      row.widthProblem !== undefined
        ? row.widthProblem
        : tweetId === ''
          ? 'empty tweet_id'
          : !/^\d+$/.test(tweetId)
            ? `tweet_id ${JSON.stringify(tweetId)} is not a tweet id`
            : get('author').trim() === ''
              ? 'empty author'
              : ira538Minute(get('publish_date')) === undefined
                ? `publish_date ${JSON.stringify(get('publish_date'))} is not M/D/YYYY H:MM`
                : undefined;
    if (problem !== undefined) {
      yield { where, error: problem, raw: row.raw };
      continue;
    }
    const { records, warnings } = rowRecords(get, tweetId, seen);
    for (const record of records) yield { where, record };
    for (const warning of warnings) yield { where, warning };
  }
};

function rowRecords(
  get: (name: string) => string,
  tweetId: string,
  seen: Seen,
): { records: TwitterRecord[]; warnings: string[] } {
  const author = twitterHandle(get('author'));
  const content = get('content');
  const sent = ira538Minute(get('publish_date'))!;
  const postType = get('post_type').trim().toUpperCase();
  // A quote tweet (retweet=1 too) is its author's own text quoting another tweet: a tweet.
  const kind = postType === 'RETWEET' || /^RT @/.test(content) ? 'retweet' : 'tweet';
  const message = messageRef(tweetId);
  const records: TwitterRecord[] = [];

  // The author's profile as of this tweet, on every row: followers change over time, and the loader
  // keeps each value with its time (asOf) and shows the latest, whatever order the rows are written in.
  seen.first(`account:${author}`);
  records.push({
    ...nodeRecord('Account', {
      platform: PLATFORM,
      handle: author,
      externalId: userId(get('alt_external_id'), get('external_author_id')),
      followers: count(get('followers')),
      following: count(get('following')),
    }),
    asOf: sent.from,
  });
  records.push(
    nodeRecord('Message', {
      platform: PLATFORM,
      ref: tweetId,
      kind,
      text: content,
      lang: get('language').trim(),
      sentPrecision: 'minute',
      sentFrom: sent.from,
      sentTo: sent.to,
    }),
    relationship('SENT', accountRef(author), message),
  );
  for (const handle of findMentions(content)) {
    if (seen.first(`account:${handle}`)) records.push(bareAccount(handle));
    records.push(relationship('MENTIONS', message, accountRef(handle)));
  }

  const shortLinks = findShortLinks(content);
  const expanded = [...new Set(EXPANDED.map((name) => get(name).trim()).filter((url) => url !== ''))];
  const links: MessageLink[] = [
    ...shortLinks.map((url) => ({ url, asWritten: [url] })),
    ...expanded.map((url) => ({ url, asWritten: [url] })),
  ];
  const { records: linkRecs, problems } = linkRecords(message, links, pairShortLinks(shortLinks, expanded), seen);
  records.push(...linkRecs);
  return { records, warnings: problems.map((p) => `link left out: ${p}`) };
}
