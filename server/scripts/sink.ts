/**
 * Writing a stream of text to stdout as it is produced, with flat memory: text is gathered into
 * chunks and each chunk waits for the stream to drain (backpressure), so a slow reader slows the
 * query down instead of filling memory. A reader that goes away (`| head -1`: EPIPE) ends the run
 * quietly: it asked for no more.
 */
import type { Writable } from 'node:stream';

/** The reader closed the pipe: nothing more can be written, and nothing is wrong. */
export class OutputClosed extends Error {
  constructor() {
    super('the output was closed by its reader');
  }
}

const CHUNK = 64 * 1024;

export class Sink {
  private buffer: string[] = [];
  private buffered = 0;
  private closed = false;

  constructor(private readonly stream: Writable) {
    // Without a listener, EPIPE would be an uncaught exception with a stack trace.
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') this.closed = true;
    });
  }

  /** Queues text; when a chunk is full, returns a promise to await before writing more. */
  write(text: string): Promise<void> | undefined {
    if (this.closed) throw new OutputClosed();
    this.buffer.push(text);
    this.buffered += text.length;
    return this.buffered >= CHUNK ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.closed) throw new OutputClosed();
    if (this.buffered === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    if (this.stream.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
    if (this.closed) throw new OutputClosed();
  }
}
