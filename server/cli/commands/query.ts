/**
 * `backchannel query`: the saved-query library (cypher/library) by name. `query list` shows each
 * query with its declared parameters; `query <name> --param name=value …` checks the values against
 * the declaration with the same zod schema as the API (POST /api/queries/:name) and runs the query
 * read-only through the runner, in any of its output formats.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { loadLibrary } from '../../queries/library.js';
import type { QueryParam, SavedQuery } from '../../queries/library.js';
import { OUTPUT_FORMATS } from '../../scripts/output-format.js';
import { readParamsFile } from '../../scripts/params.js';
import { ScriptError } from '../../scripts/runner.js';
import { libraryParams } from '../script-params.js';
import { collect, positiveInt, printScript } from './cypher.js';
import type { CypherCommandDeps, OutputFlags } from './cypher.js';

interface QueryFlags extends OutputFlags {
  param: string[];
  params?: string;
}

export function describeParam(p: QueryParam): string {
  const value = p.required ? 'required' : `= ${Array.isArray(p.default) ? p.default.join(',') : String(p.default)}`;
  return `${p.name} ${p.type} ${value}`;
}

/** The list as a terminal reads it: each query, its parameters indented under it. */
export function formatList(queries: readonly SavedQuery[]): string {
  return queries
    .map((q) =>
      [q.name, `  ${q.description}`, ...q.params.map((p) => `    --param ${describeParam(p)}  ${p.description}`)].join(
        '\n',
      ),
    )
    .join('\n\n');
}

/** The query of that name, or a one-line error naming the ones there are. */
export function findQuery(library: ReadonlyMap<string, SavedQuery>, name: string): SavedQuery {
  const query = library.get(name);
  if (query) return query;
  const near = [...library.keys()].filter((n) => n.includes(name) || name.includes(n));
  throw new ScriptError(
    `no saved query named ${JSON.stringify(name)}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; ` +
      `\`backchannel query list\` shows them all`,
  );
}

export function queryCommand(deps: CypherCommandDeps & { readonly libraryDir: string }): Command {
  return new Command('query')
    .description('Run a saved query of the library (cypher/library) by name, read-only; `query list` lists them.')
    .argument('<name>', 'the query, or list')
    .option('-P, --param <name=value>', 'a parameter, checked against its declared type; repeatable', collect, [])
    .option('--params <file.json>', 'parameters from a JSON object in a file (--param overrides)')
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .option('--timeout <ms>', 'time limit (default: QUERY_TIMEOUT_MS, 15000)', positiveInt)
    .option('--max-rows <n>', 'rows printed (default: table 1000 = QUERY_ROW_CAP, others all)', positiveInt)
    .option('--max-width <n>', 'widest table cell, in characters (default: 60)', positiveInt)
    .addHelpText(
      'after',
      `
Examples:
  backchannel query list
  backchannel query url-propagation --param url=wlsearch.tk
  backchannel query activity --param id=person:donald-trump-jr --param by=month --format csv
  backchannel query brokers --param 'groupA=["organization:wikileaks"]' --param groupB=person:donald-trump`,
    )
    .action(async (name: string, flags: QueryFlags) => {
      const library = loadLibrary(deps.libraryDir);
      if (name === 'list') {
        const queries = [...library.values()];
        process.stdout.write(
          flags.format === 'table'
            ? `${formatList(queries)}\n`
            : `${JSON.stringify(
                queries.map(({ name: n, description, params }) => ({ name: n, description, params })),
                null,
                flags.format === 'json' ? 2 : undefined,
              )}\n`,
        );
        return;
      }
      const query = findQuery(library, name);
      const script = readFileSync(query.file, 'utf8');
      const file = path.relative(process.cwd(), query.file) || query.file;
      // Checked before connecting, with the API's schema: a typo costs no round trip.
      const params = libraryParams(script, file, flags.params ? readParamsFile(flags.params) : {}, flags.param);
      await printScript(deps, { script, file, params, flags: { ...flags, write: false } });
    });
}
