/**
 * Docker users get the whole product: the image built from the Dockerfile holds the browser client.
 * No Docker engine runs here, so the Dockerfile's stages are replayed into a temporary folder
 * (tests/support/dockerfile.ts): the same copy list from the same context (less .dockerignore) and
 * the same commands, with one shortcut. The build stage's plain `npm ci` (every dependency, from the
 * same package-lock.json) is what `npm ci` made of this checkout, so its node_modules is linked in
 * rather than installed again (about a minute and 300 MB saved); the runtime stage's
 * `npm ci --omit=dev`, which decides what the image ships, runs for real, against npm's cache first
 * (npm_config_prefer_offline: the checkout's `npm ci` has filled it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { parseDockerfile, parseDockerignore, replayDockerfile } from '../support/dockerfile.js';
import type { Replayed } from '../support/dockerfile.js';

describe('reading a Dockerfile', () => {
  it('splits stages and keeps the steps that shape the file tree, with their lines', () => {
    const stages = parseDockerfile(
      [
        'FROM node:20 AS build',
        'WORKDIR /app',
        '# a comment',
        'COPY a b ./',
        'RUN npm ci \\',
        '  --omit=dev',
        'FROM node:20',
        'COPY --from=build /app/dist ./dist',
        'EXPOSE 8080',
        'CMD ["x"]',
      ].join('\n'),
    );
    expect(stages).toEqual([
      {
        image: 'node:20',
        name: 'build',
        steps: [
          { kind: 'WORKDIR', dir: '/app', line: 2 },
          { kind: 'COPY', sources: ['a', 'b'], dest: './', line: 4 },
          { kind: 'RUN', command: 'npm ci --omit=dev', line: 5 },
        ],
      },
      { image: 'node:20', steps: [{ kind: 'COPY', from: 'build', sources: ['/app/dist'], dest: './dist', line: 8 }] },
    ]);
  });

  it('refuses what it cannot replay faithfully, naming the line', () => {
    expect(() => parseDockerfile('FROM x\nADD https://example.org/a.tgz /a')).toThrow(/^Dockerfile:2: ADD/);
    expect(() => parseDockerfile('FROM x\nONBUILD RUN x')).toThrow(/^Dockerfile:2: ONBUILD is not replayed/);
    expect(() => parseDockerignore('node_modules\n**/*.log')).toThrow(/\*\*\/\*\.log/);
  });
});

describe('the image built from this Dockerfile', () => {
  let work: string;
  let image: Replayed;

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'backchannel-docker-'));
    image = replayDockerfile(PROJECT_ROOT, work, {
      env: { npm_config_prefer_offline: 'true', npm_config_loglevel: 'error' },
      instead: (command, cwd) => {
        if (!/^npm ci\b/.test(command) || command.includes('--omit')) return false;
        symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(cwd, 'node_modules'));
        return true;
      },
    });
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('serves the built client: client/dist/index.html and the assets it loads are in the runtime tree', () => {
    const dist = path.join(image.runtime, 'app', 'client', 'dist');
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(existsSync(path.join(dist, asset)), asset).toBe(true);
  });

  it('stays lean: production dependencies only, no client sources', () => {
    const app = path.join(image.runtime, 'app');
    expect(existsSync(path.join(app, 'node_modules', 'tsx'))).toBe(true);
    expect(existsSync(path.join(app, 'node_modules', 'express'))).toBe(true);
    for (const dev of ['vite', 'vitest', '@sparticuz/chromium', 'playwright-core', 'typescript']) {
      expect(existsSync(path.join(app, 'node_modules', dev)), dev).toBe(false);
    }
    expect(readdirSync(path.join(app, 'client'))).toEqual(['dist']);
  });

  it("starts the image's command with production dependencies only (its help, which needs no Neo4j)", () => {
    const app = path.join(image.runtime, 'app');
    const result = spawnSync(path.join(app, 'bin', 'backchannel'), ['--help'], { cwd: app, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\bup\b/);
  }, 60_000);
});
