/**
 * The README's model section, written from the model (by `npm run generate`, checked by the drift
 * test like the other generated files), so the labels it lists cannot fall behind the declarations.
 */
import { NODE_DEFS, NODE_LABELS, RELATIONSHIP_DEFS, RELATIONSHIP_TYPES } from './graph-model.js';

const START = '<!-- model: generated from server/model/graph-model.ts by `npm run generate` -->';
const END = '<!-- model: end -->';

function section(): string {
  const nodes = NODE_LABELS.map((label) => {
    const def = NODE_DEFS[label];
    return `- \`${label}\` (key: ${def.key.map((k) => `\`${k}\``).join(' + ')}): ${def.description}`;
  });
  const relationships = RELATIONSHIP_TYPES.map((type) => {
    const def = RELATIONSHIP_DEFS[type];
    const key = def.key.length ? ` (key: ${def.key.map((k) => `\`${k}\``).join(' + ')})` : '';
    return `- \`${type}\`, ${def.from.join('|')} → ${def.to.join('|')}${key}: ${def.description}`;
  });
  return [START, '', 'Nodes:', '', ...nodes, '', 'Relationships:', '', ...relationships, '', END].join('\n');
}

/** The README with its model section rewritten; a README without the markers is an error. */
export function withModelSection(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`README.md: the model section's markers are missing (${START} … ${END})`);
  return `${readme.slice(0, start)}${section()}${readme.slice(end + END.length)}`;
}
