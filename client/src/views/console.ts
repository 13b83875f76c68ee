/**
 * The Cypher console (read-only on the server): a CodeMirror 6 editor with Cypher highlighting,
 * parameters as JSON, a history kept for the session, and the answer as a table and a graph.
 * Errors (syntax, refused writes, timeouts, the rate limit) are shown inline in the API's words.
 */
import { StreamLanguage } from '@codemirror/language';
import { cypher } from '@codemirror/legacy-modes/mode/cypher';
import { keymap } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import type { Api } from '../api.js';
import { ApiError, describeError } from '../api.js';
import { button, clear, h } from '../dom.js';
import type { ApiGraph } from '../types.js';
import { Results } from './results.js';

const HISTORY_KEY = 'backchannel.consoleHistory';
const HISTORY_LIMIT = 50;

interface Entry {
  query: string;
  params: string;
}

const EXAMPLE = `// Read-only Cypher. Ctrl+Enter runs it.
MATCH p = (a:Account {id: $account})-[:SENT]->(m:Message)-[:TO]->(b)
RETURN p
ORDER BY m.sentFrom
LIMIT 25`;

function loadHistory(): Entry[] {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(HISTORY_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as Entry[]).filter((e) => typeof e?.query === 'string') : [];
  } catch {
    return [];
  }
}

export class CypherConsole {
  readonly editor: EditorView;
  private readonly params: HTMLTextAreaElement;
  private readonly historySelect: HTMLSelectElement;
  private readonly results: Results;
  private readonly runButton: HTMLButtonElement;
  private history: Entry[] = loadHistory();

  constructor(
    root: HTMLElement,
    private readonly api: Api,
    onAdd: (graph: ApiGraph) => void,
  ) {
    const editorBox = h('div', { className: 'editor', ariaLabel: 'Cypher query' });
    // CodeMirror styles itself with a <style> element in a document, which the CSP (style-src 'self')
    // blocks; in a shadow root it uses a constructed stylesheet (adoptedStyleSheets) instead.
    const shadow = editorBox.attachShadow({ mode: 'open' });
    const mount = document.createElement('div');
    mount.className = 'editor-mount';
    mount.style.flex = '1';
    mount.style.minWidth = '0';
    shadow.append(mount);
    this.editor = new EditorView({
      doc: this.history[0]?.query ?? EXAMPLE,
      parent: mount,
      root: shadow,
      extensions: [
        EditorView.theme({
          '&': { height: '100%', maxHeight: '160px', fontSize: '12.5px', backgroundColor: '#fff' },
          '.cm-scroller': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace", overflow: 'auto' },
          '&.cm-focused': { outline: 'none' },
        }),
        keymap.of([
          {
            key: 'Mod-Enter',
            run: () => {
              void this.run();
              return true;
            },
          },
        ]),
        basicSetup,
        StreamLanguage.define(cypher),
        EditorView.lineWrapping,
      ],
    });
    this.params = h('textarea', {
      className: 'params',
      ariaLabel: 'Parameters (JSON)',
      attrs: { spellcheck: 'false', rows: '4' },
    });
    this.params.value = this.history[0]?.params ?? '{"account": "account:twitter:wikileaks"}';
    this.historySelect = h('select', { ariaLabel: 'History', className: 'history' });
    this.historySelect.addEventListener('change', () => {
      const entry = this.history[Number(this.historySelect.value)];
      if (entry) this.load(entry);
      this.historySelect.value = '';
    });
    this.renderHistory();
    this.runButton = button('Run', () => void this.run(), { className: 'primary', keys: 'Ctrl+Enter' });
    const resultsBox = h('div', { className: 'results' });
    this.results = new Results(resultsBox, onAdd);
    root.append(
      h(
        'div',
        { className: 'console-input' },
        editorBox,
        h(
          'div',
          { className: 'console-side' },
          h('label', { className: 'stacked' }, 'Parameters (JSON)', this.params),
          h('div', { className: 'row' }, this.runButton, this.historySelect),
        ),
      ),
      resultsBox,
    );
  }

  private renderHistory(): void {
    clear(this.historySelect);
    this.historySelect.append(h('option', { value: '' }, `History (${this.history.length})`));
    this.history.forEach((e, i) => {
      const first = e.query.split('\n').find((l) => l.trim() && !l.trim().startsWith('//')) ?? e.query;
      this.historySelect.append(h('option', { value: String(i) }, first.slice(0, 80)));
    });
  }

  load(entry: Entry): void {
    this.editor.dispatch({ changes: { from: 0, to: this.editor.state.doc.length, insert: entry.query } });
    this.params.value = entry.params;
  }

  setQuery(query: string, params = '{}'): void {
    this.load({ query, params });
  }

  private remember(entry: Entry): void {
    this.history = [entry, ...this.history.filter((e) => e.query !== entry.query || e.params !== entry.params)].slice(
      0,
      HISTORY_LIMIT,
    );
    try {
      sessionStorage.setItem(HISTORY_KEY, JSON.stringify(this.history));
    } catch {
      // Storage full or refused: the history lives in the page.
    }
    this.renderHistory();
  }

  async run(): Promise<void> {
    const query = this.editor.state.doc.toString();
    if (!query.trim()) return;
    let params: Record<string, unknown> = {};
    const text = this.params.value.trim();
    if (text) {
      try {
        const parsed = JSON.parse(text) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('an object is expected');
        params = parsed as Record<string, unknown>;
      } catch (error) {
        this.results.error(`The parameters are not a JSON object: ${(error as Error).message}`, 'parameters');
        return;
      }
    }
    this.remember({ query, params: this.params.value });
    this.runButton.disabled = true;
    this.runButton.textContent = 'Running…';
    try {
      this.results.show(await this.api.cypher(query, params));
    } catch (error) {
      this.results.error(describeError(error), error instanceof ApiError ? error.code : undefined);
    } finally {
      this.runButton.disabled = false;
      this.runButton.textContent = 'Run';
    }
  }
}
