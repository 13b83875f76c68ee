/**
 * Modal dialogs: the help sheet (from the command table) and the share link.
 */
import { helpRows } from '../commands.js';
import { append, h } from '../dom.js';

function modal(...children: HTMLElement[]): { dialog: HTMLDialogElement; close: HTMLButtonElement } {
  const close = h('button', { type: 'button', className: 'primary' }, 'Close');
  const dialog = h('dialog', { className: 'dialog' }, ...children);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  return { dialog, close };
}

/** Every shortcut and gesture, grouped as in the command table. */
export function showHelp(): void {
  const table = h('table', { className: 'props help-sheet' });
  for (const { group, rows } of helpRows()) {
    table.append(h('tr', {}, h('th', { className: 'help-group', attrs: { colspan: '3' } }, group)));
    for (const r of rows) {
      table.append(
        h('tr', {}, h('th', {}, r.keys ? h('kbd', {}, r.keys) : ''), h('td', {}, r.label), h('td', {}, r.what)),
      );
    }
  }
  const { dialog, close } = modal(h('h2', {}, 'Keyboard and mouse'), table);
  dialog.append(h('div', { className: 'row' }, close));
  document.body.append(dialog);
  dialog.showModal();
}

/** The link to this view, with a copy button and a warning when it is too long for some tools. */
export function showShareLink(link: string, counts: { nodes: number; edges: number }): void {
  const field = h('input', { type: 'text', className: 'share-link', value: link, attrs: { readonly: '' } });
  const copy = h('button', { type: 'button' }, 'Copy');
  const note = h('p', { className: 'hint' });
  const { dialog, close } = modal(
    h('h2', {}, 'Share this view'),
    h(
      'p',
      {},
      `The link holds the ids and positions of ${counts.nodes} nodes and ${counts.edges} edges, the filters and the time window; opening it fetches them again.`,
    ),
    field,
    note,
  );
  dialog.append(h('div', { className: 'row' }, copy, close));
  if (link.length > 8000) {
    append(
      note,
      `The link is ${link.length.toLocaleString('en')} characters long; some tools cut long links: for big canvases, export JSON instead.`,
    );
  }
  copy.addEventListener('click', () => {
    field.select();
    navigator.clipboard?.writeText(link).then(
      () => (note.textContent = 'Copied.'),
      () => (note.textContent = 'Select the link and copy it.'),
    );
  });
  document.body.append(dialog);
  dialog.showModal();
  field.select();
}
