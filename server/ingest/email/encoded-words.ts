/**
 * RFC 2047 encoded words (`=?charset?Q?…?=`) that mailparser left undecoded (it does not know every
 * charset alias: Enron has `ANSI_X3.4-1968`, US-ASCII's formal name), decoded with the WHATWG decoders.
 */

const WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
/** Whitespace between two adjacent encoded words is not part of the text (RFC 2047 §6.2). */
const BETWEEN = /(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)/g;

export function hasEncodedWord(text: string): boolean {
  return /=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=/.test(text);
}

function bytesOf(encoding: string, payload: string): Uint8Array {
  if (encoding.toUpperCase() === 'B') return Buffer.from(payload, 'base64');
  const bytes: number[] = [];
  for (let i = 0; i < payload.length; i++) {
    const c = payload[i]!;
    if (c === '_') bytes.push(0x20);
    else if (c === '=' && /^[0-9a-f]{2}$/i.test(payload.slice(i + 1, i + 3))) {
      bytes.push(parseInt(payload.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(bytes);
}

/** Decodes what it can; a word in a charset no decoder knows stays as written. */
export function decodeEncodedWords(text: string): string {
  if (!hasEncodedWord(text)) return text;
  return text.replace(BETWEEN, '$1').replace(WORD, (word, charset: string, encoding: string, payload: string) => {
    try {
      return new TextDecoder(charset.split('*')[0]!).decode(bytesOf(encoding, payload));
    } catch {
      return word;
    }
  });
}
