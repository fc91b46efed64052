import { describe, expect, it } from 'vitest';
import type { ClientReply } from '../../../app/paxos/types';
import type { AnyInput } from '../../../app/protocol/registry';
import { ClientRequests } from '../../../node-agent/process/runtime/client-requests';

const ok = (requestId: string, version: number): ClientReply => ({
  requestId,
  ok: true,
  version,
  value: null,
  index: version,
  path: 'fast',
});
const put = (requestId: string) => ({ requestId, operation: { kind: 'delete' as const, key: 'k' } });

describe('ClientRequests', () => {
  it('hands each request to the core and resolves it with the reply carrying its id', async () => {
    const submitted: AnyInput[] = [];
    const requests = new ClientRequests((input) => submitted.push(input) > 0);
    const first = requests.request(put('a'));
    const second = requests.request(put('b'));
    expect(submitted.map((input) => input.kind === 'client' && input.request.requestId)).toEqual(['a', 'b']);
    requests.deliver([ok('b', 2), ok('a', 1)]);
    expect(await first).toMatchObject({ requestId: 'a', version: 1 });
    expect(await second).toMatchObject({ requestId: 'b', version: 2 });
    expect(requests.pendingCount).toBe(0);
  });

  it('answers a retry of a waiting id in turn, oldest first', async () => {
    const requests = new ClientRequests(() => true);
    const first = requests.request(put('a'));
    const retry = requests.request(put('a'));
    requests.deliver([ok('a', 1)]);
    expect(await first).toMatchObject({ version: 1 });
    requests.deliver([ok('a', 1)]);
    expect(await retry).toMatchObject({ version: 1 });
  });

  it('answers BUSY when the loop has stopped, definite when the core never saw the request', async () => {
    const stopped = new ClientRequests(() => false);
    expect(await stopped.request(put('a'))).toMatchObject({ ok: false, code: 'BUSY', definite: true });
    const running = new ClientRequests(() => true);
    const waiting = running.request(put('b'));
    running.failAll();
    expect(await waiting).toMatchObject({ ok: false, code: 'BUSY', definite: false });
  });
});
