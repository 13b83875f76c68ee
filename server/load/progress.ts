/**
 * Load progress: a live bar on a terminal, a plain line every few seconds otherwise (CI logs, pipes).
 */
import cliProgress from 'cli-progress';

export interface ProgressCounts {
  read: number;
  written: number;
  rejected: number;
  bytes: number;
  totalBytes: number;
}

export interface Progress {
  update(counts: ProgressCounts): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 5_000): Progress {
  const started = Date.now();
  const rate = (n: number) => Math.round(n / Math.max((Date.now() - started) / 1000, 0.001));
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: '{bar} {percentage}% | read {read} | written {written} | rejected {rejected} | {rate} rec/s',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1, 0, { read: 0, written: 0, rejected: 0, rate: 0 });
    return {
      update: (c) => {
        bar.setTotal(Math.max(c.totalBytes, 1));
        bar.update(c.bytes, { read: c.read, written: c.written, rejected: c.rejected, rate: rate(c.read) });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update: (c) => {
      if (Date.now() - last < intervalMs) return;
      last = Date.now();
      const percent = c.totalBytes ? Math.floor((100 * c.bytes) / c.totalBytes) : 0;
      stream.write(
        `load: ${percent}% read ${c.read}, written ${c.written}, rejected ${c.rejected}, ${rate(c.read)} rec/s\n`,
      );
    },
    stop: () => {},
  };
}

export const silentProgress: Progress = { update: () => {}, stop: () => {} };
