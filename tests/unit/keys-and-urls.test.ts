import { describe, expect, it } from 'vitest';
import { nodeId, normaliseHandle, shortHash, slug } from '../../server/model/keys.js';
import { findUrls, normaliseUrl, UrlError } from '../../server/model/url.js';

describe('URL normalisation', () => {
  it.each([
    ['wlsearch.tk', 'http://wlsearch.tk/'],
    ['http://wlsearch.tk/', 'http://wlsearch.tk/'],
    ['HTTP://WLSearch.TK', 'http://wlsearch.tk/'],
    ['http://wlsearch.tk/.', 'http://wlsearch.tk/'],
    ['https://example.com:443/a/B?x=1&utm_source=t#frag', 'https://example.com/a/B?x=1'],
    ['putintrump.org', 'http://putintrump.org/'],
  ])('%s → %s', (written, expected) => {
    expect(normaliseUrl(written).url).toBe(expected);
  });

  it('keeps apart what servers may treat differently', () => {
    const forms = ['http://example.com/a', 'https://example.com/a', 'http://www.example.com/a', 'http://example.com/A'];
    expect(new Set(forms.map((f) => normaliseUrl(f).url)).size).toBe(forms.length);
  });

  it.each(['', 'javascript:alert(1)', 'http://', 'localhostish'])('rejects %j', (bad) => {
    expect(() => normaliseUrl(bad)).toThrow(UrlError);
  });

  it('finds URLs written with and without a scheme', () => {
    expect(findUrls('all the @wikileaks emails are right here: http://wlsearch.tk/.')).toEqual(['http://wlsearch.tk/']);
    expect(findUrls('if he mentions us wlsearch.tk.')).toEqual(['wlsearch.tk']);
  });
});

describe('ids', () => {
  it('slugs names and handles platforms', () => {
    expect(slug('  Hillary Clinton’s 2016 campaign ')).toBe('hillary-clinton-s-2016-campaign');
    expect(slug('Zoë Ünal')).toBe('zoe-unal');
    expect(normaliseHandle('email', '<K..Allen@Enron.com>')).toBe('k..allen@enron.com');
    expect(normaliseHandle('twitter', '@DonaldJTrumpJr')).toBe('donaldjtrumpjr');
  });

  it('shortens very long key parts with a hash, deterministically', () => {
    const ref = 'x'.repeat(500);
    const id = nodeId('Message', { platform: 'email', ref });
    expect(id.length).toBeLessThan(100);
    expect(id).toBe(nodeId('Message', { platform: 'email', ref: `<${ref}>` }));
    expect(shortHash('a')).not.toBe(shortHash('b'));
  });
});
