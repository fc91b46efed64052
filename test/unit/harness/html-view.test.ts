import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { escapeHtml, renderHistoryHtml } from '../../../main/harness/html-view';
import type { FaultRecord } from '../../../main/harness/history-recorder';

const text = (value: string) => new TextEncoder().encode(value);

const operations: HistoryOperation[] = [
  {
    id: 'w1',
    client: 'c<1>',
    kind: 'put',
    key: 'k&"\'',
    value: text('<script>alert(1)</script>'),
    callMs: 0,
    returnMs: 10,
    outcome: 'ok',
    result: { version: 1 },
  },
  {
    id: 'r1',
    client: 'c2',
    kind: 'get',
    key: 'k',
    callMs: 12,
    returnMs: 20,
    outcome: 'ok',
    result: { value: null },
  },
  { id: 'w2', client: 'c2', kind: 'delete', key: 'k', callMs: 21, returnMs: null, outcome: 'unknown' },
];
const faults: FaultRecord[] = [
  { fault: { id: 'f1', kind: 'pause', node: 'n1', startMs: 5, endMs: 15 }, appliedMs: 5, healedMs: 15 },
];

describe('HTML view', () => {
  it('escapes the five characters that matter in HTML', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  it('writes client data only escaped, so a value cannot inject markup', () => {
    const html = renderHistoryHtml({
      title: 't <b>',
      subtitle: 's',
      operations,
      faults,
      offendingIds: new Set(['r1']),
      blockedIds: new Set(['w2']),
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('c<1>');
    expect(html).toContain('&#60;script&#62;');
    expect(html).toContain('t &#60;b&#62;');
  });

  it('is self-contained: no scripts, links or remote assets', () => {
    const html = renderHistoryHtml({
      title: 't',
      subtitle: 's',
      operations,
      faults,
      offendingIds: new Set(),
      blockedIds: new Set(),
    });
    expect(html).not.toMatch(/<script|<link|src=|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('draws a row per client, a bar per operation, a band per fault and marks the offending ones', () => {
    const html = renderHistoryHtml({
      title: 't',
      subtitle: 's',
      operations,
      faults,
      offendingIds: new Set(['r1']),
      blockedIds: new Set(['w2']),
    });
    expect(html.match(/<rect x=/g)).toHaveLength(operations.length);
    expect(html.match(/class="band"/g)).toHaveLength(1);
    expect(html.match(/class="offending"/g)).toHaveLength(1);
    expect(html.match(/class="blocked"/g)).toHaveLength(1);
    expect(html.indexOf('cannot be placed</td>')).toBeLessThan(html.indexOf('concurrent</td>'));
    expect(html).toContain('Offending operations');
    expect(html).toContain('pause n1');
  });
});
