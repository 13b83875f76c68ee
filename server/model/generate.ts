/**
 * Files derived from the model and kept in the repository for readers and other tools. A unit test
 * fails when they drift from the model; `npm run generate` rewrites them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../config.js';
import { schemaScript } from './ddl.js';
import { withModelSection } from './model-doc.js';
import { datasetRecordSchema } from './records.js';

export function datasetJsonSchema(): string {
  const schema = z.toJSONSchema(datasetRecordSchema, { target: 'draft-2020-12', unrepresentable: 'any' });
  return `${JSON.stringify(
    {
      ...schema,
      $id: 'https://backchannel.local/schema/dataset-record.schema.json',
      title: 'Backchannel dataset record',
      description:
        'One line of a Backchannel NDJSON dataset (or one element of a JSON array): a node or a relationship. Generated from server/model/graph-model.ts.',
    },
    null,
    2,
  )}\n`;
}

/** Path (from the project root) → content. */
export function generatedFiles(): [string, string][] {
  return [
    ['cypher/schema/001-model.cypher', schemaScript()],
    ['cypher/schema/dataset-record.schema.json', datasetJsonSchema()],
    ['README.md', withModelSection(readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8'))],
  ];
}
