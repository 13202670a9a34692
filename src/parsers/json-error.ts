// Where a JSON document first goes wrong. JSON.parse in Node 20 often omits the position, and a
// support engineer needs "line 11, column 15", so a strict scanner (jsonc-parser, the VS Code JSON
// scanner, with comments and trailing commas disallowed) locates the first error.
import { createRequire } from 'node:module';
import type { ParseError } from 'jsonc-parser';

/** jsonc-parser, loaded on the first error (valid documents never need it), not at startup. */
let scanner: typeof import('jsonc-parser') | undefined;
const jsonScanner = () => (scanner ??= createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser'));

export interface JsonErrorLocation {
  message: string;
  offset: number;
  line: number;
  column: number;
}

export function lineColumnAt(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

const DESCRIBE: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name (in double quotes) was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing brace was expected',
  CloseBracketExpected: 'a closing bracket was expected',
  EndOfFileExpected: 'extra content after the JSON value',
  InvalidCommentToken: 'comments are not JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/** Undefined when the text is valid JSON. */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const errors: ParseError[] = [];
    const { parse, printParseErrorCode } = jsonScanner();
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const offset = first ? first.offset : text.length;
    const code = first ? printParseErrorCode(first.error) : 'ValueExpected';
    const found = text.slice(offset, offset + 12).split('\n')[0];
    const at = offset >= text.length ? 'at the end of the file' : `at "${found}"`;
    return {
      message: `${DESCRIBE[code] ?? code} ${at} (${(err as Error).message.replace(/ in JSON at position \d+.*$/, '').slice(0, 120)})`,
      offset,
      ...lineColumnAt(text, offset),
    };
  }
}
