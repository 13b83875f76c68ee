/**
 * URL normalisation: spellings of one address ("wlsearch.tk", "http://wlsearch.tk/", "HTTP://WLSearch.tk")
 * meet in one Url node, while addresses that are genuinely different stay apart (path case, query
 * order, http vs https and www are kept: servers may treat them differently).
 */
import { InputError } from '../errors.js';

export interface NormalisedUrl {
  readonly url: string;
  readonly domain: string;
}

export class UrlError extends InputError {
  constructor(message: string) {
    super('invalid_url', message);
  }
}

const TRACKING_PARAMS = /^(utm_[a-z]+|fbclid|gclid|mc_eid|mc_cid)$/i;

export function normaliseUrl(asWritten: string): NormalisedUrl {
  let text = asWritten.trim().replace(/[)\].,;:!?'"»”’]+$/u, '');
  if (text === '') throw new UrlError('empty URL');
  // A bare host like "wlsearch.tk" is how people write links; read it as http, the browser's default.
  // "host:8080/x" has a port, not a scheme; "mailto:" and "javascript:" are schemes to refuse below.
  if (!/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text)) text = `http://${text.replace(/^\/\//, '')}`;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UrlError(`not a URL: ${JSON.stringify(asWritten)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && parsed.protocol !== 'ftp:') {
    throw new UrlError(`unsupported URL scheme ${parsed.protocol} in ${JSON.stringify(asWritten)}`);
  }
  if (!parsed.hostname.includes('.') && parsed.hostname !== 'localhost') {
    throw new UrlError(`URL has no domain: ${JSON.stringify(asWritten)}`);
  }
  parsed.hash = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(name)) parsed.searchParams.delete(name);
  }
  // WHATWG URL already lower-cases scheme and host, drops default ports and gives an empty path "/".
  const url = parsed.toString().replace(/\?$/, '');
  return { url, domain: parsed.hostname.replace(/\.$/, '') };
}

/** Finds the URLs written in a text: with a scheme, or bare hosts under a known-looking TLD. */
export function findUrls(text: string): string[] {
  const found = text.match(
    /\b(?:https?:\/\/|www\.)[^\s<>"'`]+|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|tk|io|co|uk|ru|gov|edu|info|me|ly)\b(?:\/[^\s<>"'`]*)?/gi,
  );
  return found ? found.map((u) => u.replace(/[)\].,;:!?'"»”’]+$/u, '')) : [];
}
