/** Backchannel's version, from package.json: one place for `--version`, the API and load runs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './config.js';

export const VERSION = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
