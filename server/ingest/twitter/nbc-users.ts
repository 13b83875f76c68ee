/**
 * NBC News' users.csv of the IRA Twitter accounts: one account per row, every field quoted; columns
 * id, location, name, followers_count, statuses_count, time_zone, verified, lang, screen_name,
 * description, created_at ("Wed Jan 07 04:38:02 +0000 2009"), favourites_count, friends_count,
 * listed_count. Some rows hold nothing but a screen_name (61 of 454 in NBC's release have an empty id):
 * they still make an Account.
 */
import type { Parsed, Parser } from '../types.js';
import { csvTable, headerNames } from './csv.js';
import type { CsvLayout } from './csv.js';
import { count, nodeRecord, PLATFORM, twitterApiDate, twitterHandle } from './common.js';

/** A header line of this layout: a Twitter user object's columns, and no tweet text. */
export function looksLikeNbcUsers(headerLine: string): boolean {
  const names = new Set(headerNames(headerLine));
  return (
    ['screen_name', 'followers_count', 'friends_count', 'created_at'].every((name) => names.has(name)) &&
    !names.has('text') &&
    !names.has('tweet_id')
  );
}

export const NBC_USERS_LAYOUT: CsvLayout = { name: 'NBC users.csv', required: ['screen_name'] };

export const parseNbcUsersCsv: Parser = async function* (file, options = {}): AsyncIterable<Parsed> {
  for await (const row of csvTable(file, options, NBC_USERS_LAYOUT)) {
    if ('error' in row) {
      yield { where: { file, line: row.line }, error: row.error, raw: '' };
      return;
    }
    const get = (name: string): string => row.get(name).trim();
    const screenName = get('screen_name');
    const where = screenName ? { file, line: row.line, record: screenName } : { file, line: row.line };
    if (row.widthProblem !== undefined) {
      yield { where, error: row.widthProblem, raw: row.raw };
      continue;
    }
    if (screenName === '' || twitterHandle(screenName) === '') {
      yield { where, error: 'empty screen_name', raw: row.raw };
      continue;
    }
    const createdAt = twitterApiDate(get('created_at'));
    yield {
      where,
      record: nodeRecord('Account', {
        platform: PLATFORM,
        handle: twitterHandle(screenName),
        displayName: get('name'),
        displayNames: get('name') ? [get('name')] : undefined,
        externalId: /^\d+$/.test(get('id')) ? get('id') : undefined,
        description: get('description'),
        location: get('location'),
        createdAt,
        followers: count(get('followers_count')),
        following: count(get('friends_count')),
        lang: get('lang'),
      }),
    };
    if (createdAt === undefined && get('created_at') !== '') {
      yield { where, warning: `created_at ${JSON.stringify(get('created_at'))} is not a Twitter date: left out` };
    }
  }
};
