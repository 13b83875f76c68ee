/**
 * The README's list of shortcuts and gestures, written from the command table by `npm run generate`
 * (client/generate.ts) and checked for drift by client/test/commands.test.ts.
 */
import { helpRows } from './commands.js';

export const START = '<!-- generated from client/src/commands.ts by `npm run generate`: do not edit -->';
export const END = '<!-- end of generated shortcuts -->';

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function shortcutsMarkdown(): string {
  const parts: string[] = [];
  for (const { group, rows } of helpRows()) {
    parts.push(`### ${group}`, '', '| Command | Keys, gestures | What it does |', '| --- | --- | --- |');
    for (const r of rows) parts.push(`| ${cell(r.label)} | ${cell(r.keys)} | ${cell(r.what)} |`);
    parts.push('');
  }
  return parts.join('\n');
}

/** The README with its generated section replaced (the markers must be there). */
export function withShortcuts(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`client/README.md: the markers ${START} and ${END} are missing`);
  return `${readme.slice(0, a + START.length)}\n\n${shortcutsMarkdown()}\n${readme.slice(b)}`;
}
