/**
 * Asks for the API token in a small form (not window.prompt) when the server answers 401. The token
 * is kept in sessionStorage only (by the API wrapper), never in the URL or localStorage.
 */
import { h } from '../dom.js';

export function askToken(reason: string): Promise<string | null> {
  return new Promise((resolve) => {
    const input = h('input', {
      type: 'password',
      id: 'api-token',
      attrs: { autocomplete: 'off', required: '' },
      placeholder: 'token',
    });
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const ok = h('button', { type: 'submit', className: 'primary' }, 'Use this token');
    const form = h(
      'form',
      { className: 'token-form', attrs: { method: 'dialog' } },
      h('h2', {}, 'API token'),
      h('p', {}, reason, ' It is kept for this browser tab only.'),
      h('label', { htmlFor: 'api-token' }, 'Token '),
      input,
      h('div', { className: 'row' }, ok, cancel),
    );
    const dialog = h('dialog', { className: 'dialog' }, form);
    document.body.append(dialog);
    let answered = false;
    const done = (value: string | null) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      done(input.value.trim() || null);
    });
    cancel.addEventListener('click', () => done(null));
    dialog.addEventListener('cancel', () => done(null));
    dialog.showModal();
    input.focus();
  });
}
