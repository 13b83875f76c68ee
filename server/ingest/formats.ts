/**
 * The formats `backchannel load` reads, detected from the file name and overridable with --format.
 * Each is a parser yielding dataset records; the loader does not know which one it is fed by.
 */
import { parseJsonDocument, parseNdjson } from './native.js';
import type { Parser } from './types.js';

export const FORMATS = {
  ndjson: { parser: parseNdjson, description: "Backchannel's dataset format, one JSON record per line" },
  json: { parser: parseJsonDocument, description: "Backchannel's dataset format as one JSON array" },
} as const satisfies Record<string, { parser: Parser; description: string }>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

export function detectFormat(file: string): FormatName {
  const lower = file.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  throw new Error(`${file}: cannot tell the format from the file name; pass --format (${FORMAT_NAMES.join(', ')})`);
}
