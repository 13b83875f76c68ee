/**
 * The only way the client builds DOM: elements, attributes through properties or setAttribute, and
 * text through text nodes. Data never reaches innerHTML, so a name like `<img src=x onerror=…>`
 * stays characters on the screen.
 */
import { revealControls } from './format.js';

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  className?: string;
  title?: string;
  id?: string;
  type?: string;
  value?: string;
  placeholder?: string;
  disabled?: boolean;
  checked?: boolean;
  hidden?: boolean;
  tabIndex?: number;
  role?: string;
  ariaLabel?: string;
  htmlFor?: string;
  name?: string;
  dataset?: Record<string, string>;
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.className) el.className = props.className;
  if (props.title !== undefined) el.title = revealControls(props.title);
  if (props.id) el.id = props.id;
  if (props.hidden) el.hidden = true;
  if (props.tabIndex !== undefined) el.tabIndex = props.tabIndex;
  if (props.role) el.setAttribute('role', props.role);
  if (props.ariaLabel) el.setAttribute('aria-label', props.ariaLabel);
  if (props.name && 'name' in el) (el as HTMLInputElement).name = props.name;
  if (props.type !== undefined && 'type' in el) (el as HTMLInputElement).type = props.type;
  if (props.value !== undefined && 'value' in el) (el as HTMLInputElement).value = props.value;
  if (props.placeholder !== undefined && 'placeholder' in el) (el as HTMLInputElement).placeholder = props.placeholder;
  if (props.disabled !== undefined && 'disabled' in el) (el as HTMLButtonElement).disabled = props.disabled;
  if (props.checked !== undefined && 'checked' in el) (el as HTMLInputElement).checked = props.checked;
  if (props.htmlFor && el instanceof HTMLLabelElement) el.htmlFor = props.htmlFor;
  for (const [k, v] of Object.entries(props.dataset ?? {})) el.dataset[k] = v;
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    if (/^on/i.test(k) || k === 'style' || k === 'href' || k === 'src')
      throw new Error(`attribute ${k} is not allowed`);
    el.setAttribute(k, v);
  }
  for (const [event, handler] of Object.entries(props.on ?? {})) {
    el.addEventListener(event, handler as EventListener);
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? text(String(child)) : child);
  }
}

/** Data as characters, with the invisible ones that would reorder it shown (see revealControls). */
export function text(value: string): Text {
  return document.createTextNode(revealControls(value));
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/** The URL if it is an absolute http(s) address, else null. */
export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A link that opens in a new tab for http(s) URLs; anything else is plain text. */
export function safeLink(value: unknown, label?: string): HTMLElement {
  const href = httpUrl(value);
  const shown = label ?? String(value ?? '');
  if (!href) return h('span', { className: 'not-a-link' }, shown);
  const a = h('a', { className: 'external' }, shown);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

/** A button that looks like a link and runs an action in the page. */
export function actionLink(label: string, action: () => void, title?: string): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      className: 'link',
      ...(title ? { title } : {}),
      on: {
        click: (e) => {
          e.preventDefault();
          action();
        },
      },
    },
    label,
  );
}

export function button(
  label: string,
  action: () => void,
  props: Omit<Props, 'on'> & { keys?: string } = {},
): HTMLButtonElement {
  const { keys, ...rest } = props;
  const title = [rest.title, keys ? `(${keys})` : ''].filter(Boolean).join(' ');
  return h(
    'button',
    {
      type: 'button',
      ...rest,
      ...(title ? { title } : {}),
      on: { click: () => action() },
    },
    label,
  );
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  ...children: (SVGElement | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (/^on/i.test(k) || k === 'href') throw new Error(`attribute ${k} is not allowed`);
    el.setAttribute(k, String(v));
  }
  for (const c of children) el.appendChild(typeof c === 'string' ? text(c) : c);
  return el;
}

/** Triggers a download of a blob under a file name. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Whether a key event is typing into a field (inside shadow roots too: the editor lives in one). */
export function isTyping(event: Event): boolean {
  const target = event.composedPath()[0] ?? event.target;
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    target.closest('.cm-editor') !== null
  );
}
