/**
 * Feedback: a loading indicator while requests are in flight, short notices (errors in words), the
 * outage banner while Neo4j is unreachable, and the "laying out…" overlay on the canvas.
 */
import { h } from '../dom.js';

export type NoticeKind = 'info' | 'ok' | 'error';

export class Status {
  private readonly spinner: HTMLElement;
  private readonly line: HTMLElement;

  constructor(
    private readonly statusEl: HTMLElement,
    private readonly bannerEl: HTMLElement,
    private readonly toastsEl: HTMLElement,
    private readonly overlayEl: HTMLElement,
  ) {
    this.spinner = h('span', { className: 'spinner', hidden: true, ariaLabel: 'loading', title: 'Loading…' });
    this.line = h('span', { className: 'status-line' });
    statusEl.append(this.spinner, this.line);
  }

  busy(inFlight: number): void {
    this.spinner.hidden = inFlight === 0;
    document.body.classList.toggle('is-busy', inFlight > 0);
    this.statusEl.dataset.busy = String(inFlight);
  }

  /** A line in the status area (the last thing that happened). */
  say(text: string): void {
    this.line.textContent = text;
    this.line.title = text;
  }

  notify(message: string, kind: NoticeKind = 'info', timeoutMs = kind === 'error' ? 9000 : 3500): void {
    const close = h(
      'button',
      { type: 'button', className: 'toast-close', ariaLabel: 'dismiss', title: 'Dismiss' },
      '×',
    );
    const toast = h('div', { className: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, [
      h('span', { className: 'toast-text' }, message),
      close,
    ]);
    close.addEventListener('click', () => toast.remove());
    this.toastsEl.append(toast);
    while (this.toastsEl.children.length > 3) this.toastsEl.firstElementChild?.remove();
    setTimeout(() => toast.remove(), timeoutMs);
    if (kind !== 'error') this.say(message);
  }

  outage(message: string | null): void {
    this.bannerEl.hidden = message === null;
    this.bannerEl.textContent = message ?? '';
    if (message === null) this.notify('The database is back.', 'ok');
  }

  overlay(message: string | null): void {
    this.overlayEl.hidden = message === null;
    this.overlayEl.replaceChildren(...(message ? [h('span', { className: 'spinner' }), h('span', {}, message)] : []));
  }
}
