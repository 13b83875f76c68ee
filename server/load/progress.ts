/**
 * Load progress: a live bar on a terminal, a plain line every few seconds otherwise (CI logs, pipes).
 * The percentage is bytes read of the bytes there are to read, never more than 100, and shown only
 * once the total is known (a folder's is measured while the load runs: see input-size.ts).
 */
import cliProgress from 'cli-progress';

export interface ProgressCounts {
  read: number;
  written: number;
  rejected: number;
  bytes: number;
  /** 0 while unknown. */
  totalBytes: number;
}

export interface Progress {
  update(counts: ProgressCounts): void;
  stop(): void;
}

/**
 * Whole percent of the input read, or undefined while the total is unknown. Capped at 100: a parser
 * may count a little more than the files' sizes (a line break it adds back), and a file may grow
 * while it is read.
 */
export function percentDone(bytes: number, totalBytes: number): number | undefined {
  if (!(totalBytes > 0)) return undefined;
  return Math.min(100, Math.floor((100 * bytes) / totalBytes));
}

/** The progress line's figures, for the bar and the plain line alike. */
export function progressLine(c: ProgressCounts, recordsPerSecond: number): string {
  const percent = percentDone(c.bytes, c.totalBytes);
  return `${percent === undefined ? '' : `${percent}% `}read ${c.read}, written ${c.written}, rejected ${c.rejected}, ${recordsPerSecond} rec/s`;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 5_000): Progress {
  const started = Date.now();
  const rate = (n: number) => Math.round(n / Math.max((Date.now() - started) / 1000, 0.001));
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: '{bar} {line}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    // The bar counts percent, computed here, so it shows exactly what the plain line would.
    bar.start(100, 0, { line: '' });
    return {
      update: (c) => bar.update(percentDone(c.bytes, c.totalBytes) ?? 0, { line: progressLine(c, rate(c.read)) }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update: (c) => {
      if (Date.now() - last < intervalMs) return;
      last = Date.now();
      stream.write(`load: ${progressLine(c, rate(c.read))}\n`);
    },
    stop: () => {},
  };
}

export const silentProgress: Progress = { update: () => {}, stop: () => {} };
