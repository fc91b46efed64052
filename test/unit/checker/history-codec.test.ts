import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  HistoryFormatError,
  decodeOperationLine,
  encodeOperationLine,
  formatHistory,
  parseHistory,
  validateHistory,
  type HistoryOperation,
} from '../../../app/checker/history';
import { checkHistory } from '../../../app/checker/linearizability';
import { bytes, cas, del, get, put } from './history-builders';

const validLine =
  '{"id":"1","client":"c1","kind":"put","key":"k","value":"hi","callMs":0,"returnMs":3,"outcome":"ok","result":{"version":1}}';

/** Parses the text, which must be rejected, and returns the error message. */
function errorFor(text: string): string {
  try {
    parseHistory(text);
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryFormatError);
    return (error as Error).message;
  }
  throw new Error(`expected a HistoryFormatError for ${text}`);
}

describe('history JSON lines', () => {
  it('round-trips every kind and outcome, with text, binary and absent values', () => {
    const history: HistoryOperation[] = [
      put({ id: 'a', at: [0, 2] }, 'hello', 1),
      get({ id: 'b', at: [1, 3] }, null, 0),
      { ...put({ id: 'c', at: [4, 5] }, 'x'), value: new Uint8Array([0xff, 0x00, 0x80]) },
      get({ id: 'd', at: [6, 7] }, 'hello'),
      cas({ id: 'e', at: [8, 9], outcome: 'fail' }, 0, 'y', 2),
      del({ id: 'f', at: [10, null] }),
      { ...get({ id: 'g', at: [11, 12] }, null), result: { value: new Uint8Array([0xfe]), version: 4 } },
    ];
    const text = formatHistory(history);
    expect(text.split('\n')).toHaveLength(history.length + 1);
    expect(text).toContain('"value":"/wCA","callMs":4');
    expect(text).toContain('"encoding":"base64"');
    expect(parseHistory(text)).toEqual(history);
  });

  it('keeps a leading byte-order mark and other valid UTF-8 as text', () => {
    const operation = put({ id: 'bom', at: [0, 1] }, '\uFEFFdata ✓', 1);
    const line = encodeOperationLine(operation);
    expect(line).not.toContain('encoding');
    expect(decodeOperationLine(line, 1)).toEqual(operation);
  });

  it('skips blank lines, accepts CRLF and reports later errors with their line number', () => {
    const text = `\n${validLine}\r\n\n{"id":"2"}\n`;
    expect(errorFor(text)).toBe('line 4, field "kind": must be one of get, put, delete, cas, got nothing');
  });

  it.each([
    ['not json', 'line 1: is not valid JSON'],
    ['[1,2]', 'line 1: must be a JSON object, got [1,2]'],
    [
      validLine.replace('"id":"1"', '"id":""'),
      'line 1, field "id": must be a string of 1 to 256 characters, got ""',
    ],
    [
      validLine.replace('"callMs":0', '"callMs":"0"'),
      'line 1, field "callMs": must be a finite number, got "0"',
    ],
    [
      validLine.replace('"returnMs":3', '"returnMs":-1'),
      'line 1, field "returnMs": must be at least callMs (0), got -1',
    ],
    [
      validLine.replace('"returnMs":3', '"returnMs":null'),
      'line 1, field "returnMs": must be a number when outcome is ok',
    ],
    [
      validLine.replace('"returnMs":3', '"returnMS":3'),
      'line 1, field "returnMS": is not a field of a history operation',
    ],
    [
      validLine.replace('"outcome":"ok"', '"outcome":"timeout"'),
      'line 1, field "outcome": must be one of ok, fail, unknown',
    ],
    [
      validLine.replace('"version":1', '"version":0'),
      'line 1, field "result.version": must be an integer from 1 to',
    ],
    [
      validLine.replace('"version":1', '"version":1.5'),
      'line 1, field "result.version": must be an integer from 1 to',
    ],
    [
      validLine.replace('"value":"hi",', ''),
      'line 1, field "value": is required for put (bytes), got nothing',
    ],
    [
      validLine.replace('"value":"hi"', '"value":"aGk","encoding":"base64"'),
      'line 1, field "value": must be padded standard base64, got "aGk"',
    ],
    [
      validLine.replace('"value":"hi"', '"value":"hi","encoding":"hex"'),
      'line 1, field "encoding": must be one of utf8, base64, got "hex"',
    ],
    [validLine.replace('"value":"hi"', '"value":7'), 'line 1, field "value": must be utf8 text, got 7'],
    [validLine.replace('"kind":"put"', '"kind":"get"'), 'line 1, field "value": is not allowed for get'],
    [
      validLine.replace('"value":"hi"', '"value":"hi","expectedVersion":0'),
      'line 1, field "expectedVersion": is allowed only for cas, not put',
    ],
    [
      validLine.replace('"kind":"put"', '"kind":"cas"'),
      'line 1, field "expectedVersion": must be an integer from 0 to',
    ],
    [
      validLine.replace('"outcome":"ok"', '"outcome":"unknown"'),
      'line 1, field "result": is not allowed when outcome is unknown',
    ],
    [
      validLine.replace('{"version":1}', '{"currentVersion":1}'),
      'line 1, field "result.currentVersion": is allowed only for a cas that ended fail, not a put that ended ok',
    ],
    [
      validLine.replace('{"version":1}', '{"value":"x"}'),
      'line 1, field "result.value": is allowed only for a get that ended ok',
    ],
  ])('rejects a bad line: %s', (line, message) => {
    expect(errorFor(line)).toContain(message);
  });

  it('requires the value a get read, null included', () => {
    const line =
      '{"id":"1","client":"c","kind":"get","key":"k","callMs":0,"returnMs":1,"outcome":"ok","result":{"version":0}}';
    expect(errorFor(line)).toBe(
      'line 1, field "result.value": is required for a get that ended ok (bytes, or null for no value), got nothing',
    );
  });

  it('rejects a repeated id, naming both lines', () => {
    expect(errorFor(`${validLine}\n${validLine}`)).toBe(
      'line 2, field "id": must be unique, "1" is also on line 1',
    );
  });
});

describe('validateHistory (in-memory histories)', () => {
  it('returns the same operations when they are valid', () => {
    const history = [put({ at: [0, 1] }, 'a', 1), get({ at: [2, 3] }, 'a', 1)];
    expect(validateHistory(history)).toBe(history);
  });

  it('names the array index and the field', () => {
    const history = [
      put({ id: 'x', at: [0, 1] }, 'a'),
      { ...get({ id: 'y', at: [2, 3] }, 'a'), value: bytes('no') },
    ];
    expect(() => validateHistory(history)).toThrow('operation [1], field "value": is not allowed for get');
    expect(() => validateHistory([history[0], history[0]])).toThrow(
      'operation [1], field "id": must be unique, "x" is also operation [0]',
    );
  });
});

describe('docs/history-format.md', () => {
  it('has an example that parses and is linearizable, as the text says', () => {
    const doc = readFileSync(new URL('../../../docs/history-format.md', import.meta.url), 'utf8');
    const example = /```json lines\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const operations = parseHistory(example);
    expect(operations).toHaveLength(5);
    expect(checkHistory(operations).verdict).toBe('ok');
  });
});
