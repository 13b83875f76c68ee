/**
 * Every loader format fed hostile input — truncated, binary, wrongly encoded, one huge line, deeply
 * nested — validates as a dry run: it never crashes the process; what it cannot read is reported
 * with its place, or the run stops with an error naming the file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import type { FormatName } from '../../server/ingest/formats.js';
import { runLoad } from '../../server/load/run.js';

let dir: string;
const fixture = (...parts: string[]) => path.join(PROJECT_ROOT, 'tests', 'fixtures', ...parts);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fuzz-'));
});

async function hostileInputs(sample: string, extension: string): Promise<[string, string][]> {
  const bytes = await readFile(sample);
  const inputs: [string, Buffer | string][] = [
    ['truncated', bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['binary', randomBytes(4_096)],
    ['latin1', Buffer.from(bytes.toString('utf8').replace(/e/g, 'é'), 'latin1')],
    ['huge line', `${'x'.repeat(3_000_000)}\n`],
    ['nested', `${'['.repeat(20_000)}${']'.repeat(20_000)}\n`],
    ['empty', ''],
  ];
  const files: [string, string][] = [];
  for (const [name, content] of inputs) {
    const file = path.join(dir, `${path.basename(sample, extension)}-${name.replace(' ', '-')}${extension}`);
    await writeFile(file, content);
    files.push([name, file]);
  }
  return files;
}

const SAMPLES: [FormatName, string, string][] = [
  ['ndjson', path.join(PROJECT_ROOT, 'cypher', 'fixtures', 'founding-case.ndjson'), '.ndjson'],
  ['json', path.join(PROJECT_ROOT, 'cypher', 'fixtures', 'founding-case.ndjson'), '.json'],
  ['eml', fixture('email', 'reply.eml'), '.eml'],
  ['mbox', fixture('email', 'mailbox.mbox'), '.mbox'],
  ['ira-tweets-csv', fixture('twitter', 'ira-tweets.csv'), '.csv'],
  ['nbc-users-csv', fixture('twitter', 'nbc-users.csv'), '.csv'],
];

describe.each(SAMPLES)('the %s loader on hostile input', (format, sample, extension) => {
  it('reports problems with their place and never crashes', async () => {
    for (const [name, file] of await hostileInputs(sample, extension)) {
      const outcome = await runLoad({ files: [file], format, reportDir: path.join(dir, `${format}-${name}`) }).then(
        (summary) => ({ summary }),
        (error: Error) => ({ error }),
      );
      if ('error' in outcome) {
        // Stopping is allowed only with a message that names the file.
        expect(outcome.error.message, `${format} / ${name}`).toContain(path.basename(file));
      } else {
        const { summary } = outcome;
        expect(summary.loaded + summary.rejected + summary.warnings, `${format} / ${name}`).toBeGreaterThanOrEqual(0);
        if (name === 'binary' || name === 'huge line' || name === 'nested') {
          expect(summary.loaded, `${format} / ${name} loaded garbage`).toBe(0);
        }
      }
    }
  }, 60_000);
});
