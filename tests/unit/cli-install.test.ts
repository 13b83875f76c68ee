/**
 * `backchannel` started the ways users start it: from another folder, through a symlink, after
 * `npm link` and `npm install -g <path>` (into a temporary prefix, so the machine's global folder is
 * untouched), and with `npx backchannel` inside the project. Real processes; `--version` needs no
 * database.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';

const run = promisify(execFile);
const BIN = path.join(PROJECT_ROOT, 'bin', 'backchannel');
const VERSION = (JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
// Starting node with tsx takes seconds on a busy machine; this is a ceiling, not a measurement.
const SLOW = 120_000;

const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'backchannel-bin-'));
  folders.push(folder);
  return folder;
}
afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

/** npm with a global prefix of its own, offline: nothing is fetched and the machine is not changed. */
function npmEnv(prefix: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_prefix: prefix,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_ignore_scripts: 'true',
  };
}

async function version(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const { stdout } = await run(command, [...args, '--version'], { ...options, timeout: SLOW });
  return stdout.trim();
}

describe('backchannel from anywhere', () => {
  it(
    'prints its version from package.json',
    async () => {
      expect(await version(BIN, [], { cwd: PROJECT_ROOT })).toBe(VERSION);
    },
    SLOW,
  );

  it(
    'runs from another working directory',
    async () => {
      expect(await version(BIN, [], { cwd: await tempFolder() })).toBe(VERSION);
    },
    SLOW,
  );

  it(
    'runs through a symlink in another folder',
    async () => {
      const folder = await tempFolder();
      const link = path.join(folder, 'backchannel');
      await symlink(BIN, link);
      expect(await version(link, [], { cwd: folder })).toBe(VERSION);
    },
    SLOW,
  );

  it(
    'runs after npm link',
    async () => {
      const prefix = await tempFolder();
      await run('npm', ['link'], { cwd: PROJECT_ROOT, env: npmEnv(prefix), timeout: SLOW });
      expect(await version(path.join(prefix, 'bin', 'backchannel'), [], { cwd: prefix })).toBe(VERSION);
    },
    SLOW,
  );

  it(
    'runs after npm install -g <path>',
    async () => {
      const prefix = await tempFolder();
      await run('npm', ['install', '--global', PROJECT_ROOT], { cwd: prefix, env: npmEnv(prefix), timeout: SLOW });
      expect(await version(path.join(prefix, 'bin', 'backchannel'), [], { cwd: await tempFolder() })).toBe(VERSION);
    },
    SLOW,
  );

  it(
    'runs with npx inside the project, from its root and from a subfolder',
    async () => {
      const env = npmEnv(await tempFolder());
      expect(await version('npx', ['backchannel'], { cwd: PROJECT_ROOT, env })).toBe(VERSION);
      expect(await version('npx', ['backchannel'], { cwd: path.join(PROJECT_ROOT, 'server'), env })).toBe(VERSION);
    },
    SLOW,
  );
});
