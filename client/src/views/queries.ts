/**
 * The saved-query library: the list from /api/queries, a form generated from each query's declared
 * parameters (string, integer, float, boolean, datetime, date, string[]; defaults filled in,
 * required ones marked), and the answer as a table and a graph.
 */
import type { Api } from '../api.js';
import { ApiError, describeError } from '../api.js';
import { button, clear, h } from '../dom.js';
import type { ApiGraph, SavedQueryInfo } from '../types.js';
import { Results } from './results.js';

type Param = SavedQueryInfo['params'][number];

interface FieldReader {
  param: Param;
  read(): { value?: unknown; error?: string };
}

/** An input for one declared parameter, and how to read its value back. */
function paramField(param: Param): { element: HTMLElement; reader: FieldReader } {
  const id = `param-${param.name}`;
  const def = param.default;
  let input: HTMLInputElement;
  let read: () => { value?: unknown; error?: string };
  const blank = () => (param.required ? { error: `${param.name} is required` } : {});
  switch (param.type) {
    case 'boolean':
      input = h('input', { type: 'checkbox', id, checked: def === true });
      read = () => ({ value: input.checked });
      break;
    case 'integer':
    case 'float':
      input = h('input', {
        type: 'number',
        id,
        value: def === undefined ? '' : String(def),
        attrs: { step: param.type === 'integer' ? '1' : 'any' },
      });
      read = () => {
        if (input.value === '') return blank();
        const n = Number(input.value);
        if (!Number.isFinite(n) || (param.type === 'integer' && !Number.isInteger(n))) {
          return { error: `${param.name} must be ${param.type === 'integer' ? 'a whole number' : 'a number'}` };
        }
        return { value: n };
      };
      break;
    case 'datetime':
      // The browser's datetime-local has no zone: read it as UTC and say so.
      input = h('input', {
        type: 'datetime-local',
        id,
        value: typeof def === 'string' ? def.slice(0, 16) : '',
        attrs: { step: '1' },
      });
      read = () => {
        if (!input.value) return blank();
        const v = input.value.length === 16 ? `${input.value}:00` : input.value;
        return { value: `${v}Z` };
      };
      break;
    case 'date':
      input = h('input', { type: 'date', id, value: typeof def === 'string' ? def : '' });
      read = () => (input.value ? { value: input.value } : blank());
      break;
    case 'string[]':
      input = h('input', {
        type: 'text',
        id,
        value: Array.isArray(def) ? def.join(', ') : '',
        placeholder: 'comma-separated',
      });
      read = () => {
        const items = input.value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        return items.length ? { value: items } : blank();
      };
      break;
    default:
      input = h('input', { type: 'text', id, value: typeof def === 'string' ? def : '' });
      read = () => (input.value.trim() ? { value: input.value.trim() } : blank());
  }
  input.dataset.param = param.name;
  const element = h(
    'div',
    { className: 'param' },
    h(
      'label',
      { htmlFor: id },
      h('code', {}, param.name),
      ` ${param.type}${param.type === 'datetime' ? ' (UTC)' : ''}`,
      param.required ? h('span', { className: 'required', title: 'required' }, ' *') : '',
    ),
    input,
    param.description ? h('div', { className: 'hint' }, param.description) : '',
  );
  return { element, reader: { param, read } };
}

export class SavedQueries {
  private readonly list: HTMLUListElement;
  private readonly form: HTMLElement;
  private readonly results: Results;
  private queries: SavedQueryInfo[] = [];
  private loaded = false;

  constructor(
    root: HTMLElement,
    private readonly api: Api,
    onAdd: (graph: ApiGraph) => void,
  ) {
    this.list = h('ul', { className: 'query-list' });
    this.form = h('div', { className: 'query-form' });
    const resultsBox = h('div', { className: 'results' });
    this.results = new Results(resultsBox, onAdd);
    root.append(h('div', { className: 'queries-top' }, this.list, this.form), resultsBox);
  }

  async show(): Promise<void> {
    if (this.loaded) return;
    clear(this.list);
    this.list.append(h('li', { className: 'hint' }, 'Loading…'));
    try {
      this.queries = (await this.api.queries()).queries;
      this.loaded = true;
    } catch (error) {
      clear(this.list);
      this.list.append(h('li', { className: 'inline-error' }, `The library failed to load: ${describeError(error)}`));
      return;
    }
    clear(this.list);
    if (!this.queries.length) this.list.append(h('li', { className: 'hint' }, 'The library is empty.'));
    for (const q of this.queries) {
      const item = h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            className: 'query-name',
            dataset: { name: q.name },
            on: {
              click: () => {
                for (const b of this.list.querySelectorAll('.query-name')) b.classList.remove('active');
                item.querySelector('button')?.classList.add('active');
                this.select(q);
              },
            },
          },
          q.name,
        ),
      );
      this.list.append(item);
    }
    const first = this.list.querySelector<HTMLButtonElement>('.query-name');
    first?.click();
  }

  private select(q: SavedQueryInfo): void {
    clear(this.form);
    this.results.clear();
    const fields = q.params.map(paramField);
    const errors = h('div', { className: 'inline-error', hidden: true, role: 'alert' });
    const run = button('Run', () => void go(), { className: 'primary' });
    const go = async () => {
      const params: Record<string, unknown> = {};
      const problems: string[] = [];
      for (const { reader } of fields) {
        const { value, error } = reader.read();
        if (error) problems.push(error);
        else if (value !== undefined) params[reader.param.name] = value;
      }
      errors.hidden = problems.length === 0;
      errors.textContent = problems.join('; ');
      if (problems.length) return;
      run.disabled = true;
      run.textContent = 'Running…';
      try {
        this.results.show(await this.api.runQuery(q.name, params));
      } catch (error) {
        this.results.error(describeError(error), error instanceof ApiError ? error.code : undefined);
      } finally {
        run.disabled = false;
        run.textContent = 'Run';
      }
    };
    const formEl = h(
      'form',
      {
        on: {
          submit: (e) => {
            e.preventDefault();
            void go();
          },
        },
      },
      h('h3', {}, q.name),
      h('p', { className: 'description' }, q.description),
      h('div', { className: 'params-grid' }, ...fields.map((f) => f.element)),
      errors,
      h('div', { className: 'row' }, run),
    );
    this.form.append(formEl);
  }
}
