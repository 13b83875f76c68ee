/**
 * The keyboard: a key press runs the command the table (commands.ts) binds to it, on the selection,
 * unless the analyst is typing or a dialog is open. Ctrl+A is taken from the page (it would select
 * the page's text) only then, too.
 */
import { commandForKey, isEnabled } from './commands.js';
import type { CommandHost, Target } from './commands.js';
import { isTyping } from './dom.js';

export function listenToKeys(host: CommandHost, selection: () => Target, say: (text: string) => void): void {
  document.addEventListener('keydown', (e) => {
    if (isTyping(e) || document.querySelector('dialog[open]')) return;
    const c = commandForKey(e);
    if (!c) return;
    e.preventDefault();
    const target = selection();
    if (isEnabled(c, host, target)) c.run(host, target);
    else if (c.needs) say(`${c.label}: ${c.needs}.`);
  });
}
