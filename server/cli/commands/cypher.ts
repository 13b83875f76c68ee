/**
 * `backchannel cypher`: the runner on the command line. Reads the script and the parameters (a
 * missing file or bad JSON is one line), connects, runs, and streams the results to stdout; a reader
 * that closes the pipe early (`| head`) ends it quietly.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Config } from '../../config.js';
import type { Connection } from '../../db/connect.js';
import { VERSION } from '../../version.js';
import { DEFAULT_MAX_WIDTH, OUTPUT_FORMATS } from '../../scripts/output-format.js';
import type { OutputFormat } from '../../scripts/output-format.js';
import { parseParamSource, readParamsFile } from '../../scripts/params.js';
import { runScript, ScriptError } from '../../scripts/runner.js';
import { isLibraryScript, libraryParams, plainParams } from '../script-params.js';
import { OutputClosed, Sink } from '../../scripts/sink.js';
import { resultWriter } from '../../scripts/writers.js';

interface CypherFlags extends OutputFlags {
  param: string[];
  params?: string;
}

export interface CypherCommandDeps {
  readonly config: () => Config;
  readonly withConnection: <T>(work: (connection: Connection) => Promise<T>) => Promise<T>;
  readonly say: (line: string) => void;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function readScript(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a script' : code;
    throw new ScriptError(`${file}: ${why ?? (error as Error).message}`);
  }
}

const HELP = `
Parameters (--param / -P, repeatable; later ones win):
  name=42                 INTEGER (64-bit; out of range is an error)
  name=1.0  name=2.5e-3   FLOAT
  name=true  name=null    BOOLEAN, null
  name=2016-10-12         DATE
  name=2016-10-12T08:00:00Z | …+02:00   DATETIME (zoned)
  name=2016-10-12T08:00:00              LOCAL DATETIME (no offset: never equals a zoned value)
  name='["a","b"]'  name='{"k": 1}'     JSON list / map (integers stay INTEGER)
  name=str:2016-10-12     a string, whatever it looks like
  'name => <expression>'  evaluated by Neo4j (READ transaction), as cypher-shell's -P
  '{a: 1, b: date()}'     several at once, as cypher-shell's -P

Output:
  table (default)  capped at --max-rows (default QUERY_ROW_CAP, 1000), cells cut at --max-width (${DEFAULT_MAX_WIDTH})
  json             one array, an entry per statement: {statement, line, columns, rows, truncated, counters, plan?}
  ndjson           one row per line; with several statements each line is {"statement": N, "row": {…}}
  csv              a header and rows; with several statements a "# statement N (line L)" line before each block
  Machine formats are not capped unless --max-rows is given, and stream as rows arrive.
  EXPLAIN / PROFILE in front of a statement print its plan (rows, db hits); warnings go to stderr.

Transactions: each statement in its own (READ without --write); every statement is planned before any
runs. Statements with CALL { … } IN TRANSACTIONS run as auto-commit transactions (needs --write to write).

Environment: NEO4J_URI, NEO4J_USERNAME (or NEO4J_USER), NEO4J_PASSWORD, NEO4J_DATABASE (no NEO4J_URI:
the embedded Neo4j); QUERY_TIMEOUT_MS (default --timeout, 15000), QUERY_ROW_CAP (default --max-rows
of the table, 1000). A .env file in the project root is read too.

Examples:
  backchannel cypher report.cypher --param since=2016-09-01T00:00:00Z --format csv > out.csv
  echo 'MATCH (m:Message) RETURN m.kind, count(*)' | backchannel cypher - --format json
  backchannel cypher - -P 'since => datetime() - duration("P30D")' <<< 'MATCH (m:Message) WHERE m.sentFrom > $since RETURN count(*)'
  echo 'PROFILE MATCH (p:Person) RETURN count(p)' | backchannel cypher -
  backchannel cypher fix-up.cypher --write --timeout 600000
`;

export interface OutputFlags {
  format: OutputFormat;
  write?: boolean;
  timeout?: number;
  maxRows?: number;
  maxWidth?: number;
}

/**
 * Runs a script already read, with its parameters (or how to get them once connected), and streams
 * its results to stdout: what `cypher` and `query` share.
 */
export async function printScript(
  deps: CypherCommandDeps,
  run: {
    script: string;
    file: string;
    params: Record<string, unknown> | ((c: Connection) => Promise<Record<string, unknown>>);
    flags: OutputFlags;
  },
): Promise<void> {
  const { flags } = run;
  const cfg = deps.config();
  const sink = new Sink(process.stdout);
  await deps.withConnection(async (c) => {
    try {
      await runScript({
        executor: c.executor,
        script: run.script,
        file: run.file,
        params: typeof run.params === 'function' ? await run.params(c) : run.params,
        write: Boolean(flags.write),
        timeoutMs: flags.timeout ?? cfg.server.queryTimeoutMs,
        rowCap: flags.maxRows ?? (flags.format === 'table' ? cfg.server.rowCap : undefined),
        writer: (statements) =>
          resultWriter(flags.format, {
            sink,
            say: deps.say,
            statements,
            ...(flags.maxWidth ? { maxWidth: flags.maxWidth } : {}),
          }),
        say: deps.say,
      });
    } catch (error) {
      // The reader has all it wanted (`| head`): not a failure.
      if (!(error instanceof OutputClosed)) throw error;
    }
  });
}

export function cypherCommand(deps: CypherCommandDeps): Command {
  return new Command('cypher')
    .description('Run a Cypher script (read-only unless --write) and print the results.')
    .argument('<file>', 'a .cypher file, or - for standard input')
    .option('-P, --param <name=value>', 'a parameter; repeatable (forms below)', collect, [])
    .option('--params <file.json>', 'parameters from a JSON object in a file (--param overrides)')
    .addOption(new Option('--format <format>', 'output format').choices([...OUTPUT_FORMATS]).default('table'))
    .option('--write', 'allow statements that write or change the schema (default: read-only)')
    .option('--timeout <ms>', 'time limit per statement (default: QUERY_TIMEOUT_MS, 15000)', positiveInt)
    .option(
      '--max-rows <n>',
      'rows printed per statement (default: table 1000 = QUERY_ROW_CAP, others all)',
      positiveInt,
    )
    .option('--max-width <n>', `widest table cell, in characters (default: ${DEFAULT_MAX_WIDTH})`, positiveInt)
    .version(VERSION, '-V, --version', 'print the version')
    .addHelpText('after', HELP)
    .action(async (file: string, flags: CypherFlags) => {
      const script = readScript(file);
      const name = file === '-' ? '<stdin>' : file;
      const fromFile = flags.params ? readParamsFile(flags.params) : {};
      const library = isLibraryScript(script);
      // Every argument is read before connecting, so a typo costs no round trip.
      const params = library ? libraryParams(script, name, fromFile, flags.param) : undefined;
      if (!library) flags.param.forEach(parseParamSource);
      await printScript(deps, {
        script,
        file: name,
        params: params ?? ((c) => plainParams(c.executor, fromFile, flags.param)),
        flags,
      });
    });
}
