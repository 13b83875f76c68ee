/**
 * The Dockerfile read and replayed without a Docker engine (none runs on these machines): each
 * stage's file tree is built in a folder of its own by the same COPY steps (from the build context
 * less .dockerignore, or from an earlier stage) and the same RUN commands, run by the host's shell,
 * Node and npm in place of the image's (the same major versions: the image is node:20). What an
 * engine would add (the base image's own files, users, layers) is not modelled; an instruction this
 * replay does not understand fails it rather than being skipped.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type Step =
  | { readonly kind: 'WORKDIR'; readonly dir: string; readonly line: number }
  | {
      readonly kind: 'COPY';
      readonly from?: string;
      readonly sources: string[];
      readonly dest: string;
      readonly line: number;
    }
  | { readonly kind: 'RUN'; readonly command: string; readonly line: number }
  | { readonly kind: 'ENV'; readonly name: string; readonly value: string; readonly line: number };

export interface Stage {
  readonly image: string;
  readonly name?: string;
  readonly steps: Step[];
}

/** Instructions that change nothing in the file tree (metadata for the engine). */
const METADATA = new Set(['EXPOSE', 'CMD', 'ENTRYPOINT', 'USER', 'LABEL', 'HEALTHCHECK', 'STOPSIGNAL', 'ARG']);

/** The Dockerfile's stages, in order, with the steps that shape their file trees. */
export function parseDockerfile(text: string, file = 'Dockerfile'): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let instruction = lines[i]!.trim();
    if (instruction === '' || instruction.startsWith('#')) continue;
    // A trailing backslash continues the instruction on the next line (comment lines inside skipped).
    while (instruction.endsWith('\\') && i + 1 < lines.length) {
      const next = lines[++i]!.trim();
      instruction = `${instruction.slice(0, -1).trimEnd()} ${next.startsWith('#') ? '' : next}`.trimEnd();
    }
    const [keyword = '', ...rest] = instruction.split(/\s+/);
    const args = rest.join(' ');
    const where = `${file}:${line}`;
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!match) throw new Error(`${where}: FROM ${args}: expected an image and an optional AS name`);
      stages.push({ image: match[1]!, ...(match[2] ? { name: match[2] } : {}), steps: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${where}: ${upper} before any FROM`);
    if (METADATA.has(upper)) continue;
    if (upper === 'WORKDIR') stage.steps.push({ kind: 'WORKDIR', dir: args, line });
    else if (upper === 'RUN') stage.steps.push({ kind: 'RUN', command: shellForm(args, where), line });
    else if (upper === 'ENV') {
      const match = /^(\w+)(?:=|\s+)(.*)$/.exec(args);
      if (!match) throw new Error(`${where}: ENV ${args}: expected NAME=value`);
      stage.steps.push({ kind: 'ENV', name: match[1]!, value: unquote(match[2]!), line });
    } else if (upper === 'COPY' || upper === 'ADD') {
      if (upper === 'ADD') throw new Error(`${where}: ADD is not replayed here; use COPY`);
      const words = args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
      let from: string | undefined;
      const paths: string[] = [];
      for (const word of words) {
        if (word.startsWith('--from=')) from = word.slice('--from='.length);
        else if (word.startsWith('--chown=') || word.startsWith('--chmod=') || word === '--link') continue;
        else if (word.startsWith('--')) throw new Error(`${where}: COPY ${word} is not replayed here`);
        else paths.push(word);
      }
      if (paths.length < 2) throw new Error(`${where}: COPY needs a source and a destination`);
      stage.steps.push({
        kind: 'COPY',
        ...(from !== undefined ? { from } : {}),
        sources: paths.slice(0, -1),
        dest: paths.at(-1)!,
        line,
      });
    } else throw new Error(`${where}: ${keyword} is not replayed here`);
  }
  return stages;
}

function shellForm(args: string, where: string): string {
  if (!args.startsWith('[')) return args;
  const argv = JSON.parse(args) as unknown;
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) throw new Error(`${where}: bad RUN array`);
  return argv.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
}

function unquote(value: string): string {
  return /^".*"$|^'.*'$/.test(value) ? value.slice(1, -1) : value;
}

/** The .dockerignore patterns: plain paths only (a glob would need Docker's matcher, so it fails here). */
export function parseDockerignore(text: string): string[] {
  const patterns = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  for (const p of patterns) {
    if (/[*?[\]!]/.test(p)) throw new Error(`.dockerignore: ${p}: patterns with wildcards or ! are not replayed here`);
  }
  return patterns.map((p) => p.replace(/^\/+|\/+$/g, ''));
}

function ignored(relative: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => relative === p || relative.startsWith(`${p}/`));
}

export interface Replayed {
  /** Each stage's file tree (the image's `/`), by stage name or index. */
  readonly roots: Map<string, string>;
  /** The last stage's: what the image ships. */
  readonly runtime: string;
}

/** Builds every stage's tree under `work`, as `docker build` would from `context`. */
export function replayDockerfile(
  context: string,
  work: string,
  options: {
    /** Added to each RUN's environment (npm's cache settings; the Dockerfile's ENV steps apply too). */
    env?: NodeJS.ProcessEnv;
    /** Does a RUN step's work another way when it answers true (e.g. reuses an identical install). */
    instead?: (command: string, cwd: string) => boolean;
  } = {},
): Replayed {
  const stages = parseDockerfile(readFileSync(path.join(context, 'Dockerfile'), 'utf8'));
  const ignoreFile = path.join(context, '.dockerignore');
  const patterns = existsSync(ignoreFile) ? parseDockerignore(readFileSync(ignoreFile, 'utf8')) : [];
  const roots = new Map<string, string>();
  let last = '';
  stages.forEach((stage, index) => {
    const root = path.join(work, `stage-${index}`);
    mkdirSync(root, { recursive: true });
    let workdir = '/';
    const stageEnv: Record<string, string> = {};
    for (const step of stage.steps) {
      const where = `Dockerfile:${step.line}`;
      if (step.kind === 'WORKDIR') {
        workdir = path.posix.resolve(workdir, step.dir);
        mkdirSync(path.join(root, workdir), { recursive: true });
      } else if (step.kind === 'ENV') stageEnv[step.name] = step.value;
      else if (step.kind === 'COPY') {
        const fromRoot = step.from === undefined ? undefined : roots.get(step.from);
        if (step.from !== undefined && fromRoot === undefined)
          throw new Error(`${where}: no earlier stage ${step.from}`);
        const destIsDir = step.dest.endsWith('/') || step.sources.length > 1;
        const dest = path.join(root, path.posix.resolve(workdir, step.dest));
        for (const source of step.sources) {
          // From the context, sources are relative to it; from a stage, absolute paths in its tree.
          const relative = path.posix
            .normalize(step.from === undefined ? source : path.posix.resolve('/', source))
            .replace(/^\//, '');
          const from = path.join(fromRoot ?? context, relative);
          if (!existsSync(from))
            throw new Error(`${where}: COPY ${source}: not found in ${step.from ?? 'the build context'}`);
          if (fromRoot === undefined && ignored(relative, patterns))
            throw new Error(`${where}: COPY ${source}: excluded by .dockerignore`);
          const target = statSync(from).isDirectory() || !destIsDir ? dest : path.join(dest, path.basename(from));
          cpSync(from, target, {
            recursive: true,
            // The build context never sends what .dockerignore names.
            filter: (file) => fromRoot !== undefined || !ignored(path.relative(context, file), patterns),
          });
        }
      } else if (!options.instead?.(step.command, path.join(root, workdir))) {
        const result = spawnSync('sh', ['-c', step.command], {
          cwd: path.join(root, workdir),
          env: { ...process.env, ...options.env, ...stageEnv },
          encoding: 'utf8',
        });
        if (result.status !== 0) {
          const output = `${result.stderr}${result.stdout}`.trim().split('\n').slice(-5).join(' | ');
          throw new Error(`${where}: RUN ${step.command} exited with ${result.status}: ${output}`);
        }
      }
    }
    roots.set(stage.name ?? String(index), root);
    roots.set(String(index), root);
    last = root;
  });
  return { roots, runtime: last };
}
