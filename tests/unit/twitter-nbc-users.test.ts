import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeNbcUsers, parseNbcUsersCsv } from '../../server/ingest/twitter/index.js';
import { nodeRecord } from '../../server/ingest/twitter/common.js';
import { toWrites } from '../../server/model/records.js';
import { collect, countByKind, FIXTURES, realData, skipNote } from '../fixtures/twitter/support.js';

const FILE = path.join(FIXTURES, 'nbc-users.csv');

describe('NBC users.csv: fixture', () => {
  it('maps each row to an Account; a row without screen_name is rejected', async () => {
    const { items } = await collect(parseNbcUsersCsv, FILE);
    expect(items).toEqual([
      {
        where: { file: FILE, line: 2, record: 'JaneDoe_Test' },
        record: nodeRecord('Account', {
          platform: 'twitter',
          handle: 'janedoe_test',
          displayName: 'Jane "JD" Doe',
          displayNames: ['Jane "JD" Doe'],
          externalId: '18700001',
          description: 'Writes about, well, everything.',
          location: 'Springfield, USA',
          createdAt: '2009-01-07T04:38:02Z',
          followers: 304,
          following: 670,
          lang: 'en',
        }),
      },
      // Only a screen_name (NBC has 61 such rows): still an account.
      {
        where: { file: FILE, line: 3, record: 'bobtest' },
        record: { node: 'Account', properties: { platform: 'twitter', handle: 'bobtest' } },
      },
      {
        where: { file: FILE, line: 4 },
        error: 'empty screen_name',
        raw: '"18700003","","","12","40","","false","ru","","no screen name here","Tue Dec 29 23:15:22 +0000 2009","0","3","0"',
      },
      {
        where: { file: FILE, line: 5, record: '@Carol_Test' },
        record: nodeRecord('Account', {
          platform: 'twitter',
          handle: 'carol_test',
          displayName: 'Carol',
          displayNames: ['Carol'],
          externalId: '18700004',
          followers: 1,
          lang: 'de',
        }),
      },
      {
        where: { file: FILE, line: 5, record: '@Carol_Test' },
        warning: 'created_at "yesterday" is not a Twitter date: left out',
      },
    ]);
  });

  it('keeps to the model today: handle, platform and display name', async () => {
    const { records } = await collect(parseNbcUsersCsv, FILE);
    expect(records[0]!.record).toEqual({
      node: 'Account',
      properties: expect.objectContaining({
        platform: 'twitter',
        handle: 'janedoe_test',
        displayName: 'Jane "JD" Doe',
      }),
    });
    for (const { record } of records) expect(() => toWrites(record)).not.toThrow();
  });

  it('detects the layout from its header', () => {
    expect(
      looksLikeNbcUsers(
        '"id","location","name","followers_count","statuses_count","time_zone","verified","lang","screen_name","description","created_at","favourites_count","friends_count","listed_count"',
      ),
    ).toBe(true);
    expect(
      looksLikeNbcUsers('user_id,user_key,created_at,followers_count,friends_count,screen_name,text,tweet_id'),
    ).toBe(false);
  });
});

const REAL = ['nbc-russian-trolls', 'users.csv'];
const realFile = realData(...REAL);

describe.skipIf(!realFile)(`NBC users.csv: the real file ${realFile ? '' : skipNote(REAL)}`, () => {
  it('loads 454 accounts, all valid, none rejected', async () => {
    const { records, errors, warnings } = await collect(parseNbcUsersCsv, realFile!);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(countByKind(records)).toEqual({ Account: 454 });
    const handles = records.map(({ record }) => (record.properties as { handle: string }).handle);
    expect(new Set(handles).size).toBe(454);
    expect(handles.every((h) => h === h.toLowerCase() && !h.startsWith('@'))).toBe(true);
    const named = records.filter(({ record }) => (record.properties as { displayName?: string }).displayName);
    expect(named).toHaveLength(384);
    for (const { record } of records) expect(() => toWrites(record)).not.toThrow();
  });
});
