/**
 * The command table: every key runs one command, the menu and the help come from it, and the
 * README's list of shortcuts is the table's (run `npm run generate` when this fails).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedReadme, README } from '../generate.js';
import { COMMANDS, commandForKey, formatKey, helpRows, isEnabled, menuCommands, titleOf } from '../src/commands.js';
import type { CommandHost, Target } from '../src/commands.js';

const press = (key: string, mods: { ctrl?: boolean; shift?: boolean; alt?: boolean } = {}) => ({
  key,
  ctrlKey: mods.ctrl ?? false,
  metaKey: false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

/** A host that records what the commands asked for. */
function recordingHost(counts = { nodes: 3, hidden: 0 }) {
  const calls: [string, unknown[]][] = [];
  const history = { canUndo: true, canRedo: false, undoLabel: 'expand Donald Trump Jr.' };
  const host = new Proxy({} as CommandHost, {
    get(_, name: string) {
      if (name === 'history') return history;
      if (name === 'counts') return counts;
      if (name === 'isPinned' || name === 'hasHighlight') return () => false;
      return (...args: unknown[]) => calls.push([name, args]);
    },
  });
  return { host, calls, history };
}
const target = (nodes: string[], edges: string[] = []): Target => ({ ids: [...nodes, ...edges], nodes });

describe('the command table', () => {
  it('binds each key press to one command at most', () => {
    const seen = new Map<string, string>();
    for (const c of COMMANDS) {
      for (const k of c.keys ?? []) {
        const key = formatKey(k);
        expect(seen.get(key), `${key} is bound twice`).toBeUndefined();
        seen.set(key, c.id);
      }
    }
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
  });

  it('finds the command of a key press: letters without Shift, Shift and Ctrl as bound, Alt left alone', () => {
    expect(commandForKey(press('e'))?.id).toBe('expand');
    expect(commandForKey(press('E', { shift: true }))).toBeUndefined();
    expect(commandForKey(press('p'))?.id).toBe('path');
    expect(commandForKey(press('P', { shift: true }))?.id).toBe('all-paths');
    expect(commandForKey(press('a', { ctrl: true }))?.id).toBe('select-all');
    expect(commandForKey(press('a'))).toBeUndefined();
    expect(commandForKey(press('z', { ctrl: true }))?.id).toBe('undo');
    expect(commandForKey(press('Z', { ctrl: true, shift: true }))?.id).toBe('redo');
    expect(commandForKey(press('y', { ctrl: true }))?.id).toBe('redo');
    expect(commandForKey(press('?', { shift: true }))?.id).toBe('help');
    expect(commandForKey(press('Delete'))?.id).toBe('remove');
    expect(commandForKey(press('e', { alt: true }))).toBeUndefined();
  });

  it('runs on the target, and is enabled only when it can do something', () => {
    const { host, calls } = recordingHost();
    const expand = COMMANDS.find((c) => c.id === 'expand')!;
    expect(isEnabled(expand, host, target([]))).toBe(false);
    const many = Array.from({ length: 25 }, (_, i) => `n${i}`);
    expand.run(host, target(many));
    expect(calls).toEqual([['expand', [many.slice(0, 10)]]]);
    const path = COMMANDS.find((c) => c.id === 'path')!;
    expect(isEnabled(path, host, target(['a']))).toBe(false);
    expect(isEnabled(path, host, target(['a', 'b']))).toBe(true);
    const hide = COMMANDS.find((c) => c.id === 'hide')!;
    expect(isEnabled(hide, host, target([], ['e1']))).toBe(true);
  });

  it('names what undo and redo would do, and disables redo with nothing to redo', () => {
    const { host, history } = recordingHost();
    const undo = COMMANDS.find((c) => c.id === 'undo')!;
    const redo = COMMANDS.find((c) => c.id === 'redo')!;
    expect(titleOf(undo, host, target([]))).toBe('Undo expand Donald Trump Jr.');
    expect(isEnabled(redo, host, target([]))).toBe(false);
    Object.assign(history, { canRedo: true, redoLabel: 'hide 2' });
    expect(titleOf(redo, host, target([]))).toBe('Redo hide 2');
    expect(isEnabled(redo, host, target([]))).toBe(true);
  });

  it('gives each context menu its commands, in table order', () => {
    expect(menuCommands('node').map((c) => c.id)).toEqual(
      expect.arrayContaining(['expand', 'collapse', 'select-neighbours', 'pin', 'hide', 'remove', 'dismiss-others']),
    );
    expect(menuCommands('edge').map((c) => c.id)).toEqual(['details', 'hide', 'remove']);
    expect(menuCommands('canvas').map((c) => c.id)).toContain('undo');
  });

  it('documents every command, with its keys, in the help sheet', () => {
    const rows = helpRows().flatMap((g) => g.rows);
    for (const c of COMMANDS) {
      const row = rows.find((r) => r.label === c.label);
      expect(row, c.id).toBeDefined();
      for (const k of c.keys ?? []) expect(row!.keys).toContain(formatKey(k));
    }
  });

  it('client/README.md lists the shortcuts of the table (run `npm run generate`)', async () => {
    expect(readFileSync(README, 'utf8')).toBe(await generatedReadme());
  });
});
