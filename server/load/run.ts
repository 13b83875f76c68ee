/**
 * A load run: files → parser → model validation → writer. Invalid records never stop the run: each
 * is reported with where it was and why, and kept in a rejects file beside the run's summary, while
 * every valid record lands. `dryRun` validates everything and writes nothing.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { nodeId } from '../model/keys.js';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type { Executor } from '../db/executor.js';
import { applySchema } from '../scripts/migrations.js';
import { detectFormat, FORMATS } from '../ingest/formats.js';
import type { FormatName, Mapping } from '../ingest/formats.js';
import { describeLocation } from '../ingest/types.js';
import type { Location, RowOutcome } from '../ingest/types.js';
import { RecordError, toWrites } from '../model/records.js';
import { measureInput } from './input-size.js';
import { silentProgress } from './progress.js';
import type { Progress } from './progress.js';
import { FilesRead, Tally } from './tally.js';
import { VERSION as LOADER_VERSION } from '../version.js';
import { Writer } from './writer.js';
import type { WriteCounters } from './writer.js';
import { failLoadRun, finishLoadRun, startLoadRun } from './load-run.js';

export interface LoadOptions {
  readonly files: readonly string[];
  /** Provenance paths are relative to this (default: the deepest folder holding every file). */
  readonly root?: string;
  /** Absent for a dry run. */
  readonly executor?: Executor;
  readonly format?: FormatName;
  /** For mapped formats (CSV, JSON of any shape, GraphML). */
  readonly mapping?: Mapping;
  readonly batchSize?: number;
  /** Write transactions in flight at once (default 2). */
  readonly concurrency?: number;
  readonly reportDir: string;
  readonly progress?: Progress;
  /** Called for each rejected record, e.g. to print it. */
  readonly onReject?: (reject: Reject) => void;
  readonly onWarning?: (where: Location, warning: string) => void;
}

export interface Reject {
  readonly where: Location;
  readonly error: string;
  readonly record?: unknown;
  readonly raw?: string;
}

export interface LoadSummary {
  readonly files: string[];
  readonly dryRun: boolean;
  readonly read: number;
  readonly loaded: number;
  readonly rejected: number;
  /** Problems that did not stop a record from loading (kept in warnings.ndjson). */
  readonly warnings: number;
  /** Files actually read: a maildir or an archive folder counts each of its files. */
  readonly filesRead: number;
  /** Distinct nodes per label that the valid records name (an id counted once). */
  readonly nodes: Record<string, number>;
  /** Node records per label (one account's record may come with each of its tweets). */
  readonly nodeRecords: Record<string, number>;
  /** Write records per relationship type (what the input held, after validation). */
  readonly relationships: Record<string, number>;
  /** What the database reports it created (zero on a re-run of the same files). */
  readonly created: WriteCounters;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly reportDir: string;
  readonly rejectsFile?: string;
  /** The LoadRun node recording this run (absent for a dry run). */
  readonly runId?: string;
  /**
   * For mapped formats, what became of each input row (a row may make several records or none):
   * read = loaded + rejected + nothing.
   */
  readonly rows?: { read: number; loaded: number; rejected: number; nothing: number };
}

/** The deepest folder that holds every file. */
function commonRoot(files: readonly string[]): string {
  const dirs = files.map((f) => path.dirname(f).split(path.sep));
  const first = dirs[0] ?? [];
  let depth = 0;
  while (depth < first.length && dirs.every((d) => d[depth] === first[depth])) depth++;
  return first.slice(0, depth).join(path.sep) || path.sep;
}

function recordOf(where: Location): string {
  return (
    where.record ??
    (where.line !== undefined ? `line ${where.line}` : where.pointer !== undefined ? `#${where.pointer}` : '')
  );
}

export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const started = Date.now();
  const progress = options.progress ?? silentProgress;
  const files = options.files.map((f) => path.resolve(f));
  const formats = files.map((f) => options.format ?? detectFormat(f, options.mapping));
  // Every parser is made before any file is read: a mapping or format problem stops the run at once.
  const parsers = formats.map((format) => FORMATS[format].parser(options.mapping));
  // The bytes to read, for the percentage: measured beside the load (a large maildir takes seconds to
  // walk); until then progress shows counts only.
  const inputSize = measureInput(files, formats);

  await mkdir(options.reportDir, { recursive: true });
  const rejectsFile = path.join(options.reportDir, 'rejects.ndjson');
  const rejectsOut = createWriteStream(rejectsFile);
  const warningsFile = path.join(options.reportDir, 'warnings.ndjson');
  const warningsOut = createWriteStream(warningsFile);
  let warnings = 0;
  const counts = { read: 0, written: 0, rejected: 0, bytes: 0, totalBytes: 0 };
  void inputSize.total.then((total) => {
    if (total !== undefined) counts.totalBytes = total;
  });
  const nodes = new Tally();
  const filesRead = new FilesRead();
  const relationships: Record<string, number> = {};
  let loaded = 0;

  const root = options.root ? path.resolve(options.root) : commonRoot(files);
  const runRef = `${new Date(started).toISOString()}-${randomBytes(3).toString('hex')}`;
  const runId = nodeId('LoadRun', { ref: runRef });
  if (options.executor) {
    await applySchema(options.executor);
    await startLoadRun(options.executor, {
      id: runId,
      ref: runRef,
      started: new Date(started).toISOString(),
      files: files.map((f) => path.relative(root, f) || path.basename(f)),
      formats: [...new Set(formats)],
      version: LOADER_VERSION,
    });
  }
  const writer = options.executor
    ? new Writer(
        options.executor,
        options.batchSize,
        (n) => {
          counts.written += n;
          progress.update(counts);
        },
        options.concurrency,
      )
    : undefined;

  const reject = async (r: Reject) => {
    counts.rejected++;
    options.onReject?.(r);
    if (!rejectsOut.write(`${JSON.stringify({ at: describeLocation(r.where), ...r })}\n`))
      await once(rejectsOut, 'drain');
  };

  const inputRows: Record<RowOutcome, number> = { loaded: 0, rejected: 0, nothing: 0 };
  let failed = true;
  try {
    for (const [index, file] of files.entries()) {
      const format = formats[index]!;
      const parse = parsers[index]!;
      const loader = `${format}@${LOADER_VERSION}`;
      const onRow = (outcome: RowOutcome) => (inputRows[outcome] += 1);
      for await (const item of parse(file, { onBytes: (n) => (counts.bytes += n), onRow })) {
        if ('warning' in item) {
          warnings++;
          options.onWarning?.(item.where, item.warning);
          const line = `${JSON.stringify({ at: describeLocation(item.where), where: item.where, warning: item.warning })}\n`;
          if (!warningsOut.write(line)) await once(warningsOut, 'drain');
          continue;
        }
        counts.read++;
        filesRead.see(item.where.file);
        if ('error' in item) {
          await reject({ where: item.where, error: item.error, raw: item.raw });
          continue;
        }
        let writes;
        try {
          writes = toWrites(item.record);
        } catch (error) {
          if (!(error instanceof RecordError)) throw error;
          await reject({ where: item.where, error: error.message, record: item.record });
          continue;
        }
        loaded++;
        const provenance = {
          file: path.relative(root, item.where.file) || path.basename(item.where.file),
          record: recordOf(item.where),
          loader,
          run: runId,
          curated: 'curated' in FORMATS[format],
        };
        for (const w of writes) {
          if (w.kind === 'node') nodes.add(w.label, w.id);
          else relationships[w.type] = (relationships[w.type] ?? 0) + 1;
          if (writer) await writer.add(w, provenance);
          else counts.written++;
        }
        progress.update(counts);
      }
    }
    await writer?.flush();
    failed = false;
  } finally {
    if (failed && options.executor) {
      // Best effort: the database may be the reason the run failed.
      await failLoadRun(options.executor, runId).catch(() => undefined);
    }
    inputSize.stop();
    progress.stop();
    rejectsOut.end();
    warningsOut.end();
    await Promise.all([once(rejectsOut, 'close'), once(warningsOut, 'close')]);
  }

  const seconds = (Date.now() - started) / 1000;
  const summary: LoadSummary = {
    files,
    dryRun: !options.executor,
    read: counts.read,
    loaded,
    rejected: counts.rejected,
    warnings,
    filesRead: filesRead.count,
    nodes: nodes.distinct(),
    nodeRecords: nodes.records,
    relationships,
    created: writer?.counters ?? {
      nodesCreated: 0,
      relationshipsCreated: 0,
      propertiesSet: 0,
      conflicts: 0,
      conflicting: [],
    },
    seconds,
    recordsPerSecond: Math.round(counts.read / Math.max(seconds, 0.001)),
    reportDir: options.reportDir,
    ...(counts.rejected > 0 ? { rejectsFile } : {}),
    ...(options.executor ? { runId } : {}),
    ...(inputRows.loaded + inputRows.rejected + inputRows.nothing > 0
      ? { rows: { read: inputRows.loaded + inputRows.rejected + inputRows.nothing, ...inputRows } }
      : {}),
  };
  if (options.executor) {
    await finishLoadRun(options.executor, runId, summary);
  }
  await writeFile(path.join(options.reportDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
