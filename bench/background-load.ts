/**
 * A busy machine on demand: a second Neo4j (its own home and port) loading the generated M dataset
 * (100,000 messages) again and again until this process is stopped (SIGTERM or SIGINT), when it
 * stops its Neo4j. CI runs the fault tests a second time beside it (issue 14): a restart that takes
 * long on a loaded machine must not fail a load.
 *
 *   BACKCHANNEL_BENCH_BOLT_PORT=7799 npx tsx bench/background-load.ts --ready /tmp/ready
 *
 * `--ready <file>` is written once the first load is under way, so a caller waits on that state,
 * not on a guessed sleep.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLoad } from '../server/load/run.js';
import { SIZES } from './generate/dataset.js';
import { writeDataset } from './generate/write.js';
import { benchNeo4j, connectBench, emptyDatabase } from './support.js';

const readyIndex = process.argv.indexOf('--ready');
const readyFile = readyIndex > 0 ? process.argv[readyIndex + 1] : undefined;

const server = benchNeo4j();
// Told to stop, it stops its Neo4j at once (the load in flight fails, which is what it is for) and exits.
const stop = () => void server.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

const connection = await connectBench(server);
try {
  const dir = await mkdtemp(path.join(tmpdir(), 'backchannel-background-'));
  const file = path.join(dir, 'generated.ndjson');
  await writeDataset(file, { messages: SIZES.M });
  for (let round = 1; ; round++) {
    await emptyDatabase(connection);
    const load = runLoad({ files: [file], executor: connection.executor, reportDir: path.join(dir, `r${round}`) });
    if (round === 1 && readyFile) await writeFile(readyFile, 'loading\n');
    const summary = await load;
    process.stderr.write(`background load ${round}: ${summary.loaded} records in ${summary.seconds.toFixed(0)} s\n`);
  }
} finally {
  await connection.close();
  await server.stop();
}
