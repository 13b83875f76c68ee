import { describe, expect, it } from 'vitest';
import { positionInScript, scanCypher, splitStatements, SplitError } from '../../server/scripts/split.js';

function texts(script: string): string[] {
  return splitStatements(script).map((statement) => statement.text);
}

function splitError(script: string): SplitError {
  try {
    splitStatements(script);
  } catch (error) {
    expect(error).toBeInstanceOf(SplitError);
    return error as SplitError;
  }
  throw new Error('expected the script to be rejected');
}

describe('splitStatements', () => {
  it('splits on semicolons and trims each statement', () => {
    expect(texts('MATCH (n) RETURN n;  \n CREATE (m:Person) ;RETURN 1')).toEqual([
      'MATCH (n) RETURN n',
      'CREATE (m:Person)',
      'RETURN 1',
    ]);
  });

  it('keeps semicolons inside single- and double-quoted strings', () => {
    expect(texts(`RETURN 'a;b' AS x; RETURN "c;d" AS y;`)).toEqual([`RETURN 'a;b' AS x`, `RETURN "c;d" AS y`]);
  });

  it('honours backslash escapes in strings', () => {
    expect(texts(`RETURN 'it\\'s;' AS x; RETURN "say \\";\\"" AS y; RETURN '\\\\'; RETURN 2`)).toEqual([
      `RETURN 'it\\'s;' AS x`,
      `RETURN "say \\";\\"" AS y`,
      `RETURN '\\\\'`,
      'RETURN 2',
    ]);
  });

  it('does not let one kind of quote close another', () => {
    expect(texts(`RETURN "it's;" AS x; RETURN '"quoted";' AS y`)).toEqual([
      `RETURN "it's;" AS x`,
      `RETURN '"quoted";' AS y`,
    ]);
  });

  it('keeps semicolons inside backtick identifiers, including doubled backticks', () => {
    expect(texts('MATCH (n:`a;b`) RETURN n; MATCH (m:`x``;y`) RETURN m')).toEqual([
      'MATCH (n:`a;b`) RETURN n',
      'MATCH (m:`x``;y`) RETURN m',
    ]);
  });

  it('keeps semicolons inside line and block comments, and the comments themselves', () => {
    const script = 'MATCH (n) // first; not a split\nRETURN n;\nRETURN /* a; b */ 1;';
    expect(texts(script)).toEqual(['MATCH (n) // first; not a split\nRETURN n', 'RETURN /* a; b */ 1']);
  });

  it('treats quotes inside comments as comment text', () => {
    expect(texts("RETURN 1; // don't\nRETURN 2; /* it's */ RETURN 3")).toEqual([
      'RETURN 1',
      "// don't\nRETURN 2",
      "/* it's */ RETURN 3",
    ]);
  });

  it('does not mistake a URL inside a string for a line comment', () => {
    expect(texts("MERGE (u:Url {url: 'https://wlsearch.tk/;x'}); RETURN 1")).toEqual([
      "MERGE (u:Url {url: 'https://wlsearch.tk/;x'})",
      'RETURN 1',
    ]);
  });

  it('drops empty statements and statements holding only comments', () => {
    expect(texts(';;  ;\n// just a note;\n/* and; another */ ;RETURN 1;;\n// trailing')).toEqual(['RETURN 1']);
    expect(splitStatements('')).toEqual([]);
    expect(splitStatements('  \n\t ')).toEqual([]);
  });

  it('reports the line and column of each statement’s first non-blank character', () => {
    const script = 'CREATE (a);\n\n  MATCH (b)\n  RETURN b;   RETURN 3;\r\n\tRETURN 4';
    expect(splitStatements(script)).toEqual([
      { text: 'CREATE (a)', line: 1, column: 1 },
      { text: 'MATCH (b)\n  RETURN b', line: 3, column: 3 },
      { text: 'RETURN 3', line: 4, column: 15 },
      { text: 'RETURN 4', line: 5, column: 2 },
    ]);
  });

  it('counts lines across strings and comments that span lines', () => {
    const script = "RETURN 'one\ntwo;three';\n/* a\nb */\nRETURN 2";
    expect(splitStatements(script)).toEqual([
      { text: "RETURN 'one\ntwo;three'", line: 1, column: 1 },
      { text: '/* a\nb */\nRETURN 2', line: 3, column: 1 },
    ]);
  });

  it('rejects an unterminated string with its starting position', () => {
    const error = splitError("RETURN 1;\nRETURN 2;\nMATCH 'open; RETURN 3");
    expect(error.message).toBe('unterminated string starting at line 3, column 7');
    expect([error.line, error.column]).toEqual([3, 7]);
  });

  it('rejects a string whose closing quote is escaped', () => {
    expect(splitError("RETURN 'abc\\'").message).toBe('unterminated string starting at line 1, column 8');
  });

  it('rejects an unterminated block comment and backtick identifier', () => {
    expect(splitError('RETURN 1;\n  /* never closed; RETURN 2').message).toBe(
      'unterminated block comment starting at line 2, column 3',
    );
    const error = splitError('MATCH (n:`Person) RETURN n');
    expect(error.message).toBe('unterminated quoted identifier starting at line 1, column 10');
    expect(error.column).toBe(10);
  });

  it('accepts a line comment without a final newline', () => {
    expect(texts('RETURN 1 // done')).toEqual(['RETURN 1 // done']);
  });
});

describe('scanCypher', () => {
  it('covers the script with contiguous segments of the right kinds', () => {
    const script = "MATCH (n:`L`) WHERE n.x = 'a' /* c */ RETURN n // end";
    const segments = scanCypher(script);
    expect(segments.map((segment) => [segment.kind, segment.text])).toEqual([
      ['code', 'MATCH (n:'],
      ['identifier', '`L`'],
      ['code', ') WHERE n.x = '],
      ['string', "'a'"],
      ['code', ' '],
      ['comment', '/* c */'],
      ['code', ' RETURN n '],
      ['comment', '// end'],
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe(script);
    segments.forEach((segment, i) => expect(segment.start).toBe(i === 0 ? 0 : segments[i - 1]!.end));
  });
});

describe('positionInScript', () => {
  it('maps a position within a statement back to the script', () => {
    const [, second] = splitStatements('RETURN 1;\n   MATCH (n)\nRETURN m');
    expect(positionInScript(second!, 1, 7)).toEqual({ line: 2, column: 10 });
    expect(positionInScript(second!, 2, 8)).toEqual({ line: 3, column: 8 });
  });
});
