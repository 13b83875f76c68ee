/**
 * The real public data sets in ../shared/data. CI must have them (a test that needs them fails when
 * CI=true and they are missing); elsewhere a missing folder is reported as a skip, naming it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../server/config.js';

export const SHARED_DATA = path.resolve(PROJECT_ROOT, '..', 'shared', 'data');

export function sharedData(relative: string): { path: string; available: boolean; why: string } {
  const full = path.join(SHARED_DATA, relative);
  const available = existsSync(full);
  if (!available && process.env.CI === 'true') {
    throw new Error(`${full} is missing: CI must have ../shared/data beside the clone`);
  }
  return { path: full, available, why: available ? '' : ` (SKIPPED: ${full} not found; required when CI=true)` };
}
