/**
 * The command table (commands.ts) as buttons and menu items: each shows its label (or its state's
 * title: "Undo expand X"), its shortcut in the tooltip, and is disabled when the command is.
 */
import { command, isEnabled, menuCommands, shortcut, titleOf } from '../commands.js';
import type { Command, CommandHost, Target } from '../commands.js';
import { h } from '../dom.js';
import type { MenuItem } from './menu.js';

export interface CommandButtonOptions {
  className?: string;
  /** Shown instead of the label (toolbar glyphs); the label goes to the tooltip. */
  face?: boolean;
  /** Hidden while disabled ("Show N hidden" while nothing is hidden). */
  hideWhenDisabled?: boolean;
}

/** The tooltip: what it does now, with its shortcut. */
function tooltip(c: Command, host: CommandHost, target: Target): string {
  const keys = shortcut(c);
  return `${titleOf(c, host, target)}${keys ? ` (${keys})` : ''}`;
}

/** Buttons for commands that stay on screen (the toolbar) and follow the state: see refresh(). */
export class CommandButtons {
  private readonly live: { button: HTMLButtonElement; command: Command; options: CommandButtonOptions }[] = [];

  constructor(
    private readonly host: CommandHost,
    private readonly target: () => Target,
  ) {}

  button(id: string, options: CommandButtonOptions = {}): HTMLButtonElement {
    const c = command(id);
    const face = options.face ? (c.face ?? c.label) : c.label;
    // A glyph ("↶") is named by the label for screen readers.
    const glyph = !/\w/.test(face);
    const b = h(
      'button',
      {
        type: 'button',
        dataset: { command: c.id },
        ...(glyph ? { ariaLabel: c.label } : {}),
        ...(options.className ? { className: options.className } : {}),
        on: { click: () => this.run(c) },
      },
      face,
    );
    this.live.push({ button: b, command: c, options });
    this.refreshOne(b, c, options);
    return b;
  }

  run(c: Command, target = this.target()): void {
    if (isEnabled(c, this.host, target)) c.run(this.host, target);
  }

  private refreshOne(b: HTMLButtonElement, c: Command, options: CommandButtonOptions): void {
    const target = this.target();
    b.disabled = !isEnabled(c, this.host, target);
    if (options.hideWhenDisabled) b.hidden = b.disabled;
    b.title = tooltip(c, this.host, target);
    if (!options.face && c.title) b.textContent = titleOf(c, this.host, target);
  }

  /** After any change of the canvas, the selection or the history. */
  refresh(): void {
    for (const { button, command: c, options } of this.live) this.refreshOne(button, c, options);
  }
}

/** A button that runs a command on a fixed target (the node a details panel shows). */
export function commandButton(
  host: CommandHost,
  id: string,
  target: Target,
  options: { className?: string } = {},
): HTMLButtonElement {
  const c = command(id);
  return h(
    'button',
    {
      type: 'button',
      dataset: { command: c.id },
      title: tooltip(c, host, target),
      disabled: !isEnabled(c, host, target),
      ...(options.className ? { className: options.className } : {}),
      on: { click: () => c.run(host, target) },
    },
    titleOf(c, host, target),
  );
}

/** The context menu's items for a node, an edge or the canvas. */
export function menuItems(host: CommandHost, kind: 'node' | 'edge' | 'canvas', target: Target): MenuItem[] {
  return menuCommands(kind).map((c, i) => ({
    label: titleOf(c, host, target),
    ...(shortcut(c) ? { keys: shortcut(c)! } : {}),
    run: () => c.run(host, target),
    disabled: !isEnabled(c, host, target),
    separatorBefore: i > 0 && (c.separatorBefore ?? false),
  }));
}
