/**
 * etcd's side of the bench: the npm etcd3 client (grpc-js underneath, like ours), connected to the
 * leader only. Every member holds every key, and a follower would forward writes and ReadIndex
 * requests to the leader, an extra hop our role-A routing does not pay either. Reads are etcd's
 * default, linearizable.
 */
import { Etcd3 } from 'etcd3';
import type { StoreClient, WritePath } from './store-client';

export class EtcdStoreClient implements StoreClient {
  readonly system = 'etcd';
  private readonly client: Etcd3;

  constructor(leaderClientUrl: string) {
    this.client = new Etcd3({ hosts: leaderClientUrl });
  }

  async get(key: string): Promise<boolean> {
    const value = await this.client.get(key).buffer();
    return value !== null;
  }

  async put(key: string, value: Uint8Array): Promise<WritePath> {
    await this.client.put(key).value(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    return 'n/a';
  }

  close(): void {
    this.client.close();
  }
}
