/**
 * The embedded default: a real Neo4j Community server for a machine with no Docker and no server of
 * its own. Fetched once from Maven Central with Maven (pom.xml beside this file pins the version),
 * configured for loopback only, started as a background JVM running CommunityEntryPoint (what the
 * official image runs), and stopped with SIGTERM so it shuts down cleanly.
 *
 * Everything lives under git-ignored folders: the jars in `.neo4j/lib/<version>/`, shared by every
 * server, and each server's own home (`.neo4j` by default; the tests use `.neo4j/test-server`):
 *   conf/neo4j.conf  generated config
 *   data/ logs/      the database      run/neo4j.pid     the running server
 *   credentials.json the generated password (mode 600)
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import neo4j from 'neo4j-driver';
import { PROJECT_ROOT } from '../../config.js';
import type { EmbeddedSettings } from '../../config.js';
import { SetupError } from '../../errors.js';

const POM = path.join(import.meta.dirname, 'pom.xml');

export interface Credentials {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

export interface EmbeddedStatus {
  readonly running: boolean;
  readonly pid?: number;
  readonly uri: string;
  readonly version: string;
  readonly installed: boolean;
  readonly home: string;
}

export class EmbeddedNeo4jError extends SetupError {
  constructor(message: string) {
    super('embedded_neo4j', message);
  }
}

/** The Neo4j version pinned in pom.xml: one place to change it. */
export function pinnedVersion(): string {
  const match = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!match?.[1]) throw new EmbeddedNeo4jError(`${POM}: no <neo4j.version> property`);
  return match[1];
}

type Log = (line: string) => void;

export class EmbeddedNeo4j {
  readonly version = pinnedVersion();
  private readonly dirs;

  constructor(
    private readonly settings: EmbeddedSettings,
    private readonly log: Log = (line) => process.stderr.write(`${line}\n`),
  ) {
    const home = settings.home;
    this.dirs = {
      home,
      // Shared by every home (the dev server, the test server): downloaded once per version.
      lib: path.join(PROJECT_ROOT, '.neo4j', 'lib', this.version),
      conf: path.join(home, 'conf'),
      data: path.join(home, 'data'),
      logs: path.join(home, 'logs'),
      run: path.join(home, 'run'),
      pidFile: path.join(home, 'run', 'neo4j.pid'),
      credentials: path.join(home, 'credentials.json'),
    };
  }

  get uri(): string {
    return `bolt://127.0.0.1:${this.settings.boltPort}`;
  }

  isInstalled(): boolean {
    return existsSync(path.join(this.dirs.lib, '.complete'));
  }

  /** Downloads the jars unless they are already there. Returns the lib folder. */
  install(): string {
    if (this.isInstalled()) return this.dirs.lib;
    requireCommand('mvn', ['-v'], 'Maven (Debian: apt-get install maven)');
    requireJava();
    this.log(`Fetching Neo4j Community ${this.version} from Maven Central with Maven (first run only, ~125 MB)…`);
    const staging = `${this.dirs.lib}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const result = spawnSync(
      'mvn',
      ['-B', '-q', '-f', POM, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${staging}`],
      { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
    );
    if (result.status !== 0) {
      throw new EmbeddedNeo4jError(
        `Maven could not fetch Neo4j ${this.version} (exit ${result.status}):\n${tail(`${result.stdout}\n${result.stderr}`, 30)}`,
      );
    }
    const jars = readdirSync(staging).filter((f) => f.endsWith('.jar'));
    if (!jars.includes(`neo4j-${this.version}.jar`)) {
      throw new EmbeddedNeo4jError(`Maven finished but neo4j-${this.version}.jar is missing from ${staging}`);
    }
    writeFileSync(path.join(staging, '.complete'), `${jars.length} jars\n`);
    rmSync(this.dirs.lib, { recursive: true, force: true });
    // Renamed only when complete, so an interrupted download is never mistaken for a cached one.
    renameSync(staging, this.dirs.lib);
    this.log(`Neo4j ${this.version}: ${jars.length} jars in ${this.dirs.lib}`);
    return this.dirs.lib;
  }

  credentials(): Credentials {
    const stored = JSON.parse(readFileSync(this.dirs.credentials, 'utf8')) as { user: string; password: string };
    return { uri: this.uri, user: stored.user, password: stored.password, database: this.settings.database };
  }

  /** Starts the server if it is not running; either way returns how to connect once Bolt answers. */
  async start(timeoutMs = 180_000): Promise<Credentials> {
    mkdirSync(this.dirs.run, { recursive: true });
    // Two `start`s at once (npm start in one terminal, a load in another) must not race to launch
    // two JVMs on one data directory: the loser waits for the winner and finds it running.
    const release = await acquireLock(path.join(this.dirs.run, 'start.lock'), timeoutMs);
    try {
      return await this.startUnlocked(timeoutMs);
    } finally {
      release();
    }
  }

  private async startUnlocked(timeoutMs: number): Promise<Credentials> {
    const running = this.runningPid();
    if (running !== undefined) {
      await this.waitForBolt(running, timeoutMs);
      return this.credentials();
    }
    if (await portInUse(this.settings.boltPort)) {
      throw new EmbeddedNeo4jError(
        `port ${this.settings.boltPort} is already in use by another process: stop it, set BACKCHANNEL_NEO4J_BOLT_PORT, or point NEO4J_URI at that server`,
      );
    }
    const java = requireJava();
    this.install();
    for (const dir of [this.dirs.conf, this.dirs.data, this.dirs.logs, this.dirs.run])
      mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(this.dirs.conf, 'neo4j.conf'), this.config());
    this.ensurePassword(java);

    this.log(`Starting Neo4j ${this.version} (embedded) on ${this.uri}…`);
    const consoleLog = openSync(path.join(this.dirs.logs, 'console.log'), 'a');
    const child = spawn(
      java,
      [
        `-Xms${this.settings.heap}`,
        `-Xmx${this.settings.heap}`,
        '-XX:+UseG1GC',
        '-XX:+ExitOnOutOfMemoryError',
        '-XX:+DisableExplicitGC',
        '-Dfile.encoding=UTF-8',
        // Neo4j's own launcher passes these; without them the page cache falls back to a slower mode.
        '--add-opens=java.base/java.nio=ALL-UNNAMED',
        '--add-opens=java.base/java.lang=ALL-UNNAMED',
        '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
        '-cp',
        `${this.dirs.lib}/*`,
        'org.neo4j.server.CommunityEntryPoint',
        `--home-dir=${this.dirs.home}`,
        `--config-dir=${this.dirs.conf}`,
      ],
      { detached: true, stdio: ['ignore', consoleLog, consoleLog] },
    );
    closeSync(consoleLog);
    if (child.pid === undefined) throw new EmbeddedNeo4jError(`could not start ${java}`);
    writeFileSync(this.dirs.pidFile, `${child.pid}\n`);
    child.unref();
    try {
      await this.waitForBolt(child.pid, timeoutMs);
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.log(`Neo4j ${this.version} is up (pid ${child.pid}).`);
    return this.credentials();
  }

  /** Stops the server with SIGTERM (a clean shutdown); SIGKILL only if it does not exit in time. */
  async stop(timeoutMs = 60_000): Promise<boolean> {
    const pid = this.runningPid();
    if (pid === undefined) {
      this.removePidFile();
      return false;
    }
    this.log(`Stopping Neo4j (pid ${pid})…`);
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(200);
    if (isAlive(pid)) {
      this.log(`Neo4j did not stop within ${timeoutMs / 1000}s; killing it.`);
      process.kill(pid, 'SIGKILL');
    }
    // Only now, and only if it is still ours: until the JVM has exited a concurrent start must see
    // it, and a server started since then keeps its pid file.
    this.removePidFile(pid);
    this.log('Neo4j stopped.');
    return true;
  }

  status(): EmbeddedStatus {
    const pid = this.runningPid();
    return {
      running: pid !== undefined,
      ...(pid !== undefined ? { pid } : {}),
      uri: this.uri,
      version: this.version,
      installed: this.isInstalled(),
      home: this.dirs.home,
    };
  }

  private removePidFile(onlyIf?: number): void {
    if (onlyIf !== undefined && existsSync(this.dirs.pidFile)) {
      if (Number.parseInt(readFileSync(this.dirs.pidFile, 'utf8'), 10) !== onlyIf) return;
    }
    rmSync(this.dirs.pidFile, { force: true });
  }

  /** The pid of our server, if the pid file names a live Neo4j (not a recycled pid). */
  private runningPid(): number | undefined {
    if (!existsSync(this.dirs.pidFile)) return undefined;
    const pid = Number.parseInt(readFileSync(this.dirs.pidFile, 'utf8'), 10);
    if (!Number.isInteger(pid) || !isAlive(pid)) return undefined;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('CommunityEntryPoint')) return undefined;
    } catch {
      // No /proc (macOS): trust the live pid.
    }
    return pid;
  }

  private ensurePassword(java: string): void {
    const fresh = !existsSync(path.join(this.dirs.data, 'databases'));
    if (existsSync(this.dirs.credentials) && !fresh) return;
    const password = existsSync(this.dirs.credentials)
      ? this.credentials().password
      : // Hex: a password starting with '-' would be read by neo4j-admin as an option.
        randomBytes(18).toString('hex');
    // Must run before the first start: the image does the same from NEO4J_AUTH.
    const result = spawnSync(
      java,
      ['-cp', `${this.dirs.lib}/*`, 'org.neo4j.cli.AdminTool', 'dbms', 'set-initial-password', password],
      {
        env: { ...process.env, NEO4J_HOME: this.dirs.home, NEO4J_CONF: this.dirs.conf },
        encoding: 'utf8',
      },
    );
    if (result.status !== 0) {
      throw new EmbeddedNeo4jError(
        `neo4j-admin set-initial-password failed:\n${tail(result.stderr + result.stdout, 20)}`,
      );
    }
    writeFileSync(this.dirs.credentials, JSON.stringify({ user: 'neo4j', password }, null, 2), { mode: 0o600 });
  }

  private config(): string {
    const s = this.settings;
    return `# Generated by Backchannel (server/db/embedded/neo4j.ts) at every start: edit that file, not this one.
# Loopback only: this server holds leaked material and is meant for this machine alone.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:${s.boltPort}
server.http.listen_address=127.0.0.1:${s.httpPort}
server.https.enabled=false
server.directories.data=${this.dirs.data}
server.directories.logs=${this.dirs.logs}
server.directories.run=${this.dirs.run}
server.directories.import=${path.join(this.dirs.home, 'import')}
dbms.security.auth_enabled=true
# Sized for a 2-core, 24 GiB machine shared with the Node server and tests. The JVM flags set the heap;
# these lines document it for Neo4j's own checks.
server.memory.heap.initial_size=${s.heap}
server.memory.heap.max_size=${s.heap}
server.memory.pagecache.size=${s.pageCache}
# One runaway query must fail on its own, not take the server down.
db.memory.transaction.total.max=2g
db.memory.transaction.max=1g
# Analysts' queries never read local files, and only the procedures the product needs are loaded.
dbms.security.allow_csv_import_from_file_urls=false
dbms.security.procedures.allowlist=db.*,dbms.components
server.jvm.additional=-XX:+ExitOnOutOfMemoryError
db.logs.query.enabled=OFF
dbms.usage_report.enabled=false
`;
  }

  private async waitForBolt(pid: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const { user, password } = this.credentials();
    const driver = neo4j.driver(this.uri, neo4j.auth.basic(user, password), { connectionTimeout: 2_000 });
    try {
      for (;;) {
        if (!isAlive(pid)) {
          throw new EmbeddedNeo4jError(`Neo4j exited during start-up. Last lines of its logs:\n${this.logTail()}`);
        }
        try {
          await driver.verifyConnectivity({ database: this.settings.database });
          return;
        } catch (error) {
          if (Date.now() > deadline) {
            throw new EmbeddedNeo4jError(
              `Neo4j did not answer on ${this.uri} within ${timeoutMs / 1000}s (${(error as Error).message}). Last lines of its logs:\n${this.logTail()}`,
            );
          }
          await sleep(500);
        }
      }
    } finally {
      await driver.close();
    }
  }

  logTail(lines = 30): string {
    return ['neo4j.log', 'console.log']
      .map((name) => path.join(this.dirs.logs, name))
      .filter((file) => existsSync(file))
      .map((file) => `--- ${file}\n${tail(readFileSync(file, 'utf8'), lines)}`)
      .join('\n');
  }
}

/** An exclusive lock as a directory (mkdir is atomic); a lock older than the start timeout is stale. */
async function acquireLock(dir: string, timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = statSync(dir, { throwIfNoEntry: false });
      if (!held) continue;
      if (Date.now() - held.mtimeMs > timeoutMs) rmSync(dir, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new EmbeddedNeo4jError(`another start holds ${dir}; remove it if no start is running`);
      else await sleep(250);
    }
  }
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Is anything accepting TCP connections on the port (is Bolt there)? */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function requireCommand(command: string, args: string[], install: string): void {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.error) throw new EmbeddedNeo4jError(`${command} not found on PATH: install ${install}`);
}

/** The java binary to run: $JAVA_HOME's if set, else the one on PATH; Neo4j 5.26 needs 17 or 21. */
function requireJava(): string {
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new EmbeddedNeo4jError(
      `${java} not found: install a Java 17 or 21 runtime (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME`,
    );
  }
  const major = Number(/version "(\d+)/.exec(result.stderr)?.[1]);
  if (major && major !== 17 && major !== 21) {
    throw new EmbeddedNeo4jError(`Neo4j 5.26 runs on Java 17 or 21, but ${java} is Java ${major}: set JAVA_HOME`);
  }
  return java;
}
