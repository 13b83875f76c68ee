/** The files derived from the model (`npm run generate`) match what the model makes of them now. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { generatedFiles } from '../../server/model/generate.js';

describe('files derived from the model', () => {
  it.each(generatedFiles())('%s is up to date (run `npm run generate`)', (file, content) => {
    expect(readFileSync(path.join(PROJECT_ROOT, file), 'utf8')).toBe(content);
  });
});
