/**
 * Posts with planted coordinated groups among noise, for measuring coordination detection: groups of
 * accounts that post one URL or one text (varied in case, mentions and links, as copy-paste
 * campaigns do) within a couple of minutes, several times; and noise accounts that post their own
 * items, a few popular links and now and then the same item as a planted group, hours away.
 * Deterministic for a seed.
 */
import { mulberry32 } from '../../bench/generate/random.js';
import type { Post } from '../../server/queries/coordination.js';

export interface Planted {
  readonly posts: Post[];
  /** The planted groups' accounts. */
  readonly groups: string[][];
}

export function plantedPosts(options: {
  seed: number;
  groups: number;
  groupSize: number;
  campaigns: number;
  noiseAccounts: number;
  noisePosts: number;
}): Planted {
  const rnd = mulberry32(options.seed);
  const day = 86_400_000;
  const start = Date.UTC(2016, 8, 1);
  const posts: Post[] = [];
  let n = 0;
  const post = (author: string, at: number, text: string | null, urls: string[]) =>
    posts.push({ id: `message:planted:${n++}`, author, at, text, urls });
  const groups: string[][] = [];
  const campaignTimes: number[] = [];
  for (let g = 0; g < options.groups; g++) {
    const accounts = Array.from({ length: options.groupSize }, (_, i) => `account:twitter:g${g}_${i}`);
    groups.push(accounts);
    for (let c = 0; c < options.campaigns; c++) {
      const at = start + Math.floor(rnd() * 60 * day);
      campaignTimes.push(at);
      const byUrl = rnd() < 0.5;
      const words = `vote early campaign ${g} message ${c} share this now everyone`;
      for (const account of accounts) {
        // Not every member joins every campaign; those who do post within two minutes.
        if (rnd() < 0.15) continue;
        const when = at + Math.floor(rnd() * 120_000);
        if (byUrl) post(account, when, `look at this ${Math.floor(rnd() * 1e6)}`, [`url:http://g${g}-c${c}.example/`]);
        else
          post(
            account,
            when,
            `${rnd() < 0.5 ? 'RT @someone ' : ''}${rnd() < 0.5 ? words.toUpperCase() : words}!! https://t.co/${n}`,
            [],
          );
      }
    }
  }
  const popular = Array.from({ length: 5 }, (_, i) => `url:http://popular-${i}.example/`);
  for (let i = 0; i < options.noisePosts; i++) {
    const author = `account:twitter:noise_${Math.floor(rnd() * options.noiseAccounts)}`;
    const at = start + Math.floor(rnd() * 60 * day);
    const r = rnd();
    if (r < 0.3) post(author, at, `my own thoughts number ${i} about the day`, []);
    else if (r < 0.6) post(author, at, null, [popular[Math.floor(rnd() * popular.length)]!]);
    else if (r < 0.62 && campaignTimes.length) {
      // The same item as a planted group, but hours later: not coordination.
      post(author, campaignTimes[Math.floor(rnd() * campaignTimes.length)]! + 6 * 3_600_000, null, [
        `url:http://g0-c0.example/`,
      ]);
    } else post(author, at, null, [`url:http://noise-${i}.example/`]);
  }
  return { posts, groups };
}

/** Account-level precision and recall of found groups against planted ones. */
export function score(found: readonly string[][], planted: readonly string[][]): { precision: number; recall: number } {
  const truth = new Set(planted.flat());
  const flagged = new Set(found.flat());
  const hits = [...flagged].filter((a) => truth.has(a)).length;
  return { precision: flagged.size ? hits / flagged.size : 1, recall: truth.size ? hits / truth.size : 1 };
}
