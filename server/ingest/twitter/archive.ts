/**
 * The official Twitter/X archive ("Download an archive of your data"): a folder whose data/ holds
 * JavaScript files, each one assignment of a JSON array, `window.YTD.<name>.part0 = [ … ]`.
 * Read here: account.js (the owner), tweets.js (tweet.js in older archives; tweets-part1.js … when
 * split), direct-messages.js and direct-messages-group.js. Everything else in an archive (likes,
 * followers, ad data…) is not correspondence and is left alone.
 *
 * The parser takes the archive folder or one of those files. Given one tweet or DM file, it still
 * reads the account.js beside it, when there is one, to know whose archive it is.
 *
 * Shapes (as documented in the archive's own README and seen in exports):
 *  - account.js: [{"account": {"username", "accountId", "accountDisplayName", "createdAt", …}}]
 *  - tweets.js:  [{"tweet": {"id_str", "full_text", "created_at": "Wed Oct 12 14:22:01 +0000 2016",
 *                 "lang", "in_reply_to_status_id_str"?, "entities": {"user_mentions": [{"screen_name",
 *                 "id_str"}], "urls": [{"url", "expanded_url", "display_url"}]}}}]
 *                (the oldest archives give the tweet object without the {"tweet": …} wrapper)
 *  - direct-messages.js: [{"dmConversation": {"conversationId", "messages": [{"messageCreate": {"id",
 *                 "senderId", "recipientId", "text", "createdAt", "urls": [{"url", "expanded",
 *                 "display"}]}}, {"reactionCreate": …}, …]}}] (group conversations have no recipientId)
 *
 * Mapping:
 *  - The owner → Account; each tweet → Message (kind retweet when its text starts "RT @", else tweet,
 *    to the second: instant), SENT from the owner; user_mentions → MENTIONS (+ Account); each URL
 *    entity → Url for the t.co link and for the expanded URL, EXPANDS_TO between them, and LINKS_TO
 *    from the tweet to both (asWritten: the expanded and the displayed form for the expanded URL).
 *    A reply → REPLIES_TO the original by its id (the writer leaves a stub until that tweet is
 *    loaded). Media entities (a tweet's own photos) are not links the author posted: not loaded.
 *    The archive does not say which tweet a retweet re-publishes, so there is no RETWEETS.
 *  - Each DM → Message kind direct_message, SENT from the sender, TO the recipient, PART_OF a
 *    Message of kind conversation standing for the DM conversation (ref "dm-conversation:<id>").
 *  - Accounts in DMs are known by numeric user id only. The owner's id is mapped to the owner's handle
 *    (from account.js). Any other id becomes an Account with handle "id:<numeric id>" (and the id as
 *    externalId when the model has it): the archive never says which handle it is, and guessing from
 *    mentions elsewhere would tie a DM to whoever held the handle at another time. A later resolution
 *    step can link "id:16589206" to @wikileaks with its evidence.
 *
 * where.file is the .js file, where.pointer the JSON pointer of the item (/12/tweet,
 * /0/dmConversation/messages/3/messageCreate), where.record the tweet or DM id.
 */
import { existsSync, openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Location, Parsed, Parser, ParseOptions } from '../types.js';
import {
  accountRef,
  findMentions,
  findShortLinks,
  isoInstant,
  linkRecords,
  messageRef,
  nodeRecord,
  PLATFORM,
  relationship,
  Seen,
  twitterApiDate,
  twitterHandle,
} from './common.js';
import type { MessageLink, NodeRef, TwitterRecord } from './common.js';

/**
 * A YTD file is one JSON document and is parsed whole: archive files are at most tens of MB (a
 * prolific account's tweets.js), and Twitter splits larger ones into -partN files. Past this size
 * the file is refused rather than risk the process's memory.
 */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** How much of an item is kept in a reject. */
const MAX_RAW_CHARS = 10_000;

/** The archive files read, by name: account.js, tweets.js / tweet.js, direct-messages(-group).js, with -partN. */
const ARCHIVE_FILE = /^(account|tweets?|direct-messages?(?:-group)?)(?:-part(\d+))?\.js$/;
/**
 * `window.YTD.<name>.partN =`, everything before the JSON. Comments before it are tolerated (Twitter
 * writes none; the project's own fixtures carry lint directives there).
 */
const YTD_PREFIX = /^\s*(?:(?:\/\*[\s\S]*?\*\/|\/\/[^\n]*)\s*)*window\.YTD\.([A-Za-z0-9_]+)\.part\d+\s*=/;

type FileKind = 'account' | 'tweets' | 'dms';

function kindOfName(name: string): FileKind | undefined {
  if (name === 'account') return 'account';
  if (/^tweets?(_part\d+)?$/.test(name)) return 'tweets';
  if (/^direct_messages?(_group)?(_part\d+)?$/.test(name)) return 'dms';
  return undefined;
}

function startsLikeYtd(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(1024);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return YTD_PREFIX.test(
      buffer
        .subarray(0, read)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The archive files of a folder (in data/, or in the folder itself), the account first. */
export function archiveFiles(folder: string): string[] {
  for (const dir of [path.join(folder, 'data'), folder]) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    const order = (name: string): [number, number] => {
      const m = ARCHIVE_FILE.exec(name)!;
      const rank = m[1] === 'account' ? 0 : m[1]!.startsWith('tweet') ? 1 : m[1]!.endsWith('group') ? 3 : 2;
      return [rank, Number(m[2] ?? 0)];
    };
    const files = names
      .filter((name) => ARCHIVE_FILE.test(name))
      .sort((a, b) => {
        const [ra, pa] = order(a);
        const [rb, pb] = order(b);
        return ra - rb || pa - pb || a.localeCompare(b);
      })
      .map((name) => path.join(dir, name));
    if (files.length > 0) return files;
  }
  return [];
}

/**
 * True for a Twitter archive folder (data/account.js, data/tweets.js … starting "window.YTD.") or for
 * one of its account, tweet or DM files.
 */
export function isTwitterArchive(target: string): boolean {
  let info;
  try {
    info = statSync(target);
  } catch {
    return false;
  }
  if (info.isDirectory()) return archiveFiles(target).some(startsLikeYtd);
  return ARCHIVE_FILE.test(path.basename(target)) && startsLikeYtd(target);
}

type YtdDocument = { name: string; items: unknown[] } | { error: string; raw: string };

async function readYtd(file: string, options: ParseOptions): Promise<YtdDocument> {
  const { size } = await stat(file);
  if (size > MAX_FILE_BYTES) {
    throw new Error(`${file}: ${size} bytes is more than a Twitter archive file holds; split it into -partN files`);
  }
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  options.onBytes?.(size);
  const prefix = YTD_PREFIX.exec(text.slice(0, 64 * 1024));
  if (!prefix)
    return {
      error: 'not a Twitter archive file: no "window.YTD.<name>.partN =" at the start',
      raw: text.slice(0, 200),
    };
  let items: unknown;
  try {
    items = JSON.parse(text.slice(prefix[0].length).trim().replace(/;$/, ''));
  } catch (error) {
    return { error: `invalid JSON after the window.YTD prefix: ${(error as Error).message}`, raw: text.slice(0, 200) };
  }
  if (!Array.isArray(items))
    return { error: 'expected a JSON array after the window.YTD prefix', raw: text.slice(0, 200) };
  return { name: prefix[1]!, items };
}

interface Owner {
  readonly handle: string;
  readonly accountId?: string;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

function id(value: unknown): string | undefined {
  const t = text(value)?.trim();
  return t !== undefined && /^\d+$/.test(t) ? t : undefined;
}

function raw(value: unknown): string {
  return JSON.stringify(value).slice(0, MAX_RAW_CHARS);
}

function ownerOf(account: Json | undefined): Owner | undefined {
  const username = text(account?.username)?.trim();
  if (!username || twitterHandle(username) === '') return undefined;
  const accountId = id(account?.accountId);
  return accountId ? { handle: twitterHandle(username), accountId } : { handle: twitterHandle(username) };
}

/** The owner from the account.js beside a tweet or DM file, if there is one. */
async function ownerBeside(file: string): Promise<Owner | undefined> {
  const sibling = path.join(path.dirname(file), 'account.js');
  if (!existsSync(sibling)) return undefined;
  const doc = await readYtd(sibling, {});
  if ('error' in doc) return undefined;
  return ownerOf(object(object(doc.items[0])?.account));
}

export const parseTwitterArchive: Parser = async function* (target, options = {}): AsyncIterable<Parsed> {
  const folder = (await stat(target)).isDirectory();
  const files = folder ? archiveFiles(target) : [target];
  if (folder && files.length === 0) {
    throw new Error(`${target}: no Twitter archive files (data/account.js, data/tweets.js, data/direct-messages.js)`);
  }
  let owner: Owner | undefined = folder ? undefined : await ownerBeside(target);
  const seen = new Seen();
  for (const file of files) {
    const doc = await readYtd(file, options);
    if ('error' in doc) {
      yield { where: { file, pointer: '' }, error: doc.error, raw: doc.raw };
      continue;
    }
    const kind = kindOfName(doc.name);
    if (kind === 'account') {
      for (const [i, item] of doc.items.entries()) {
        const account = object(object(item)?.account);
        const found = ownerOf(account);
        const where = { file, pointer: `/${i}/account` };
        if (!found) {
          yield { where, error: 'account without a username', raw: raw(item) };
          continue;
        }
        owner ??= found;
        seen.first(`account:${found.handle}`);
        yield {
          where: found.accountId ? { ...where, record: found.accountId } : where,
          record: nodeRecord('Account', {
            platform: PLATFORM,
            handle: found.handle,
            displayName: text(account?.accountDisplayName)?.trim(),
            externalId: found.accountId,
            createdAt: isoInstant(text(account?.createdAt)),
          }),
        };
      }
    } else if (kind === 'tweets') {
      if (!owner)
        yield { where: { file }, warning: 'no account.js in this archive: tweets are loaded without their sender' };
      for (const [i, item] of doc.items.entries()) {
        const wrapped = object(object(item)?.tweet);
        const tweet = wrapped ?? object(item);
        yield* tweetItems(file, wrapped ? `/${i}/tweet` : `/${i}`, tweet, item, owner, seen);
      }
    } else if (kind === 'dms') {
      for (const [i, item] of doc.items.entries()) {
        const conversation = object(object(item)?.dmConversation);
        if (!conversation || !Array.isArray(conversation.messages)) {
          yield {
            where: { file, pointer: `/${i}` },
            error: 'expected {"dmConversation": {"messages": [...]}}',
            raw: raw(item),
          };
          continue;
        }
        const conversationId = text(conversation.conversationId)?.trim() || undefined;
        for (const [j, entry] of conversation.messages.entries()) {
          const message = object(object(entry)?.messageCreate);
          if (!message) continue; // reactions, joins, renames: not messages
          const pointer = `/${i}/dmConversation/messages/${j}/messageCreate`;
          yield* dmItems(file, pointer, message, conversationId, owner, seen);
        }
      }
    } else {
      throw new Error(
        `${file}: window.YTD.${doc.name} is not a Twitter archive file this loader reads (account, tweets, direct messages)`,
      );
    }
  }
};

function* emit(where: Location, records: TwitterRecord[], problems: string[]): Iterable<Parsed> {
  for (const record of records) yield { where, record };
  for (const problem of problems) yield { where, warning: `link left out: ${problem}` };
}

function* tweetItems(
  file: string,
  pointer: string,
  tweet: Json | undefined,
  item: unknown,
  owner: Owner | undefined,
  seen: Seen,
): Iterable<Parsed> {
  const tweetId = id(tweet?.id_str) ?? id(tweet?.id);
  const where: Location = tweetId ? { file, pointer, record: tweetId } : { file, pointer };
  const sent = twitterApiDate(text(tweet?.created_at));
  if (!tweet || !tweetId) {
    yield { where, error: 'tweet without an id_str', raw: raw(item) };
    return;
  }
  if (!sent) {
    const error =
      tweet.created_at === undefined
        ? 'tweet without a created_at'
        : `created_at ${JSON.stringify(tweet.created_at)} is not a Twitter date`;
    yield { where, error, raw: raw(item) };
    return;
  }
  const body = text(tweet.full_text) ?? text(tweet.text) ?? '';
  const message = messageRef(tweetId);
  const records: TwitterRecord[] = [
    nodeRecord('Message', {
      platform: PLATFORM,
      ref: tweetId,
      kind: /^RT @/.test(body) ? 'retweet' : 'tweet',
      text: body,
      lang: text(tweet.lang)?.trim(),
      sentPrecision: 'instant',
      sentFrom: sent,
      sentTo: sent,
    }),
  ];
  if (owner) records.push(relationship('SENT', accountRef(owner.handle), message));
  const replyTo = id(tweet.in_reply_to_status_id_str) ?? id(tweet.in_reply_to_status_id);
  if (replyTo !== undefined && replyTo !== '0') {
    records.push(relationship('REPLIES_TO', message, messageRef(replyTo)));
  }

  const entities = object(tweet.entities);
  const mentions = Array.isArray(entities?.user_mentions)
    ? entities.user_mentions.map((m) => ({ handle: text(object(m)?.screen_name), userId: id(object(m)?.id_str) }))
    : findMentions(body).map((handle) => ({ handle, userId: undefined }));
  const mentioned = new Set<string>();
  for (const mention of mentions) {
    const handle = twitterHandle(mention.handle ?? '');
    if (handle === '' || mentioned.has(handle)) continue;
    mentioned.add(handle);
    if (seen.first(`account:${handle}`)) {
      records.push(nodeRecord('Account', { platform: PLATFORM, handle, externalId: mention.userId }));
    }
    records.push(relationship('MENTIONS', message, accountRef(handle)));
  }

  const urls = Array.isArray(entities?.urls)
    ? entities.urls.map((u) => ({
        url: text(object(u)?.url)?.trim(),
        expanded: text(object(u)?.expanded_url)?.trim(),
        display: text(object(u)?.display_url)?.trim(),
      }))
    : findShortLinks(body).map((url) => ({ url, expanded: undefined, display: undefined }));
  const { links, pairs } = entityLinks(urls);
  const { records: linkRecs, problems } = linkRecords(message, links, pairs, seen);
  records.push(...linkRecs);
  yield* emit(where, records, problems);
}

/** Links and (t.co, expanded) pairs from URL entities ({url, expanded, display}). */
function entityLinks(
  urls: { url?: string | undefined; expanded?: string | undefined; display?: string | undefined }[],
) {
  const links: MessageLink[] = [];
  const pairs: [string, string][] = [];
  for (const { url, expanded, display } of urls) {
    if (url) links.push({ url, asWritten: [url] });
    if (expanded)
      links.push({ url: expanded, asWritten: display && display !== expanded ? [expanded, display] : [expanded] });
    if (url && expanded) pairs.push([url, expanded]);
  }
  return { links, pairs };
}

const DM_ACCOUNT_NOTE =
  "Known only by its numeric Twitter user id, from a Twitter archive's direct messages; the archive does not give its handle.";

/** The Account a DM's numeric user id stands for (see the top of this file), and its record when it is new. */
function dmAccount(userId: string, owner: Owner | undefined, seen: Seen): { ref: NodeRef; record?: TwitterRecord } {
  if (owner?.accountId === userId) return { ref: accountRef(owner.handle) };
  const handle = `id:${userId}`;
  const ref = accountRef(handle);
  if (!seen.first(`account:${handle}`)) return { ref };
  return {
    ref,
    record: nodeRecord('Account', { platform: PLATFORM, handle, externalId: userId, note: DM_ACCOUNT_NOTE }),
  };
}

function* dmItems(
  file: string,
  pointer: string,
  dm: Json,
  conversationId: string | undefined,
  owner: Owner | undefined,
  seen: Seen,
): Iterable<Parsed> {
  const dmId = id(dm.id);
  const where: Location = dmId ? { file, pointer, record: dmId } : { file, pointer };
  if (!dmId) {
    yield { where, error: 'direct message without an id', raw: raw(dm) };
    return;
  }
  const sent = isoInstant(text(dm.createdAt));
  if (!sent) {
    yield {
      where,
      error:
        dm.createdAt === undefined
          ? 'direct message without a createdAt'
          : `createdAt ${JSON.stringify(dm.createdAt)} is not an ISO 8601 time`,
      raw: raw(dm),
    };
    return;
  }
  const body = text(dm.text) ?? '';
  const message = messageRef(dmId);
  const records: TwitterRecord[] = [
    nodeRecord('Message', {
      platform: PLATFORM,
      ref: dmId,
      kind: 'direct_message',
      text: body,
      sentPrecision: 'instant',
      sentFrom: sent,
      sentTo: sent,
    }),
  ];
  const senderId = id(dm.senderId);
  if (senderId) {
    const sender = dmAccount(senderId, owner, seen);
    if (sender.record) records.push(sender.record);
    records.push(relationship('SENT', sender.ref, message));
  }
  const recipientId = id(dm.recipientId);
  if (recipientId) {
    const recipient = dmAccount(recipientId, owner, seen);
    if (recipient.record) records.push(recipient.record);
    records.push(relationship('TO', message, recipient.ref));
  }
  if (conversationId) {
    const ref = `dm-conversation:${conversationId}`;
    if (seen.first(`conversation:${ref}`)) {
      records.push(
        nodeRecord('Message', {
          platform: PLATFORM,
          ref,
          kind: 'conversation',
          summary: `Twitter direct-message conversation ${conversationId}.`,
        }),
      );
    }
    records.push(relationship('PART_OF', message, messageRef(ref)));
  }
  for (const handle of findMentions(body)) {
    if (seen.first(`account:${handle}`)) records.push(nodeRecord('Account', { platform: PLATFORM, handle }));
    records.push(relationship('MENTIONS', message, accountRef(handle)));
  }
  const urls = Array.isArray(dm.urls)
    ? dm.urls.map((u) => ({
        url: text(object(u)?.url)?.trim(),
        expanded: text(object(u)?.expanded)?.trim(),
        display: text(object(u)?.display)?.trim(),
      }))
    : findShortLinks(body).map((url) => ({ url, expanded: undefined, display: undefined }));
  const { links, pairs } = entityLinks(urls);
  const { records: linkRecs, problems } = linkRecords(message, links, pairs, seen);
  records.push(...linkRecs);
  yield* emit(where, records, problems);
}
