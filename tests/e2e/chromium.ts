/**
 * Which Chromium the browser tests and bench/client.ts drive, so that `npm ci && npm test` needs no
 * browser installed by hand. In this order:
 *
 *   1. `BACKCHANNEL_CHROMIUM`, a binary you name;
 *   2. Debian's `/usr/bin/chromium` when it is there, unless `BACKCHANNEL_IGNORE_SYSTEM_CHROMIUM=1`
 *      (CI sets it, so its one run proves the fresh-machine path);
 *   3. the headless build shipped inside the npm package `@sparticuz/chromium` (a devDependency, so
 *      `npm ci` brings it from the registry; a test tool's own browser download cannot work here). It
 *      unpacks itself the first time into the system temp folder: `/tmp/chromium` (about 200 MB),
 *      SwiftShader's libraries beside it and `/tmp/fonts`; later runs reuse them.
 *
 * Whichever it is, it starts with our flags, not the package's serverless ones (`--single-process`,
 * `--disable-web-security`…): the background-networking flags keep Chromium from dialling out on this
 * closed network, and the tests must see the same web security a user's browser has.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the binary comes from: a named path, or the npm package (whose path is known once unpacked). */
export type ChromiumChoice =
  | { readonly from: 'BACKCHANNEL_CHROMIUM' | 'system'; readonly path: string }
  | { readonly from: '@sparticuz/chromium' };

/** The choice, from the environment and what exists (no side effects). */
export function chooseChromium(
  env: Readonly<Record<string, string | undefined>>,
  exists: (file: string) => boolean,
): ChromiumChoice {
  const named = env.BACKCHANNEL_CHROMIUM;
  if (named) {
    if (!exists(named)) {
      throw new Error(
        `BACKCHANNEL_CHROMIUM=${named}: no such file. Point it at a Chromium binary, or unset it to use ${SYSTEM_CHROMIUM} or the npm package @sparticuz/chromium.`,
      );
    }
    return { from: 'BACKCHANNEL_CHROMIUM', path: named };
  }
  if (env.BACKCHANNEL_IGNORE_SYSTEM_CHROMIUM !== '1' && exists(SYSTEM_CHROMIUM)) {
    return { from: 'system', path: SYSTEM_CHROMIUM };
  }
  return { from: '@sparticuz/chromium' };
}

export interface ResolvedChromium {
  readonly from: ChromiumChoice['from'];
  readonly path: string;
  /** For logs and benchmark tables: which of the three it is. */
  readonly description: string;
}

const REINSTALL = 'run `npm ci` (it is a devDependency), or set BACKCHANNEL_CHROMIUM to a Chromium binary';

/** The binary to start, unpacking the npm package's build on first use. */
export async function resolveChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ResolvedChromium> {
  const choice = chooseChromium(env, existsSync);
  if (choice.from === 'BACKCHANNEL_CHROMIUM')
    return { ...choice, description: `BACKCHANNEL_CHROMIUM (${choice.path})` };
  if (choice.from === 'system') return { ...choice, description: `system ${choice.path}` };
  let Chromium: { executablePath(): Promise<string> };
  try {
    Chromium = (await import('@sparticuz/chromium')).default;
  } catch {
    throw new Error(
      `No Chromium: ${SYSTEM_CHROMIUM} is ${existsSync(SYSTEM_CHROMIUM) ? 'ignored' : 'absent'} and the npm package @sparticuz/chromium is not installed: ${REINSTALL}.`,
    );
  }
  if (!existsSync(path.join(tmpdir(), 'chromium'))) {
    process.stderr.write(`Unpacking the npm package @sparticuz/chromium into ${tmpdir()} (first run only)…\n`);
  }
  try {
    const binary = await Chromium.executablePath();
    return { from: choice.from, path: binary, description: `@sparticuz/chromium (unpacked to ${binary})` };
  } catch (error) {
    throw new Error(
      `@sparticuz/chromium could not unpack its Chromium (${firstLine(error)}): free space in the temp folder, or ${REINSTALL}.`,
    );
  }
}

/** Headless Chromium, or one line saying what to do. */
export async function launchChromium(resolving: Promise<ResolvedChromium> = resolveChromium()): Promise<Browser> {
  const resolved = await resolving;
  try {
    return await chromium.launch({ executablePath: resolved.path, headless: true, args: [...CHROMIUM_ARGS] });
  } catch (error) {
    const fix =
      resolved.from === 'system'
        ? `reinstall it (apt-get install --reinstall chromium), or set BACKCHANNEL_IGNORE_SYSTEM_CHROMIUM=1 to use the npm package's`
        : resolved.from === 'BACKCHANNEL_CHROMIUM'
          ? 'point BACKCHANNEL_CHROMIUM at a working Chromium binary, or unset it'
          : // A run stopped while unpacking leaves a truncated binary that is then reused.
            `delete what it unpacked (rm -rf ${resolved.path} ${path.join(tmpdir(), 'fonts')}) and run again, or install Debian's (apt-get install chromium)`;
    throw new Error(`Chromium from ${resolved.description} did not start (${firstLine(error)}): ${fix}.`);
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '') ?? text;
}
