import { describe, expect, it } from 'vitest';
import { chooseChromium, SYSTEM_CHROMIUM } from '../e2e/chromium.js';

/** A file system holding only these files. */
const holding =
  (...files: string[]) =>
  (file: string): boolean =>
    files.includes(file);

describe('which Chromium the browser tests drive', () => {
  it('takes BACKCHANNEL_CHROMIUM first, even with a system Chromium', () => {
    expect(
      chooseChromium({ BACKCHANNEL_CHROMIUM: '/opt/c/chrome' }, holding('/opt/c/chrome', SYSTEM_CHROMIUM)),
    ).toEqual({ from: 'BACKCHANNEL_CHROMIUM', path: '/opt/c/chrome' });
  });

  it('refuses a BACKCHANNEL_CHROMIUM that does not exist, in one line naming it', () => {
    expect(() => chooseChromium({ BACKCHANNEL_CHROMIUM: '/nowhere/chrome' }, holding(SYSTEM_CHROMIUM))).toThrow(
      /^BACKCHANNEL_CHROMIUM=\/nowhere\/chrome: no such file\.[^\n]*$/,
    );
  });

  it("prefers Debian's /usr/bin/chromium when it is there", () => {
    expect(chooseChromium({}, holding(SYSTEM_CHROMIUM))).toEqual({ from: 'system', path: SYSTEM_CHROMIUM });
  });

  it('ignores the system Chromium with BACKCHANNEL_IGNORE_SYSTEM_CHROMIUM=1 (what CI does)', () => {
    expect(chooseChromium({ BACKCHANNEL_IGNORE_SYSTEM_CHROMIUM: '1' }, holding(SYSTEM_CHROMIUM))).toEqual({
      from: '@sparticuz/chromium',
    });
  });

  it('falls back to the npm package on a fresh machine', () => {
    expect(chooseChromium({}, holding())).toEqual({ from: '@sparticuz/chromium' });
  });
});
