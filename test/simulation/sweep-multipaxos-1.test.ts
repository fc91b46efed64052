import { describe } from 'vitest';
import { sweepSeeds } from './sweep-test';

// The same random runs as PaxosKV's sweep (workload, retries, crashes, wipes, partitions) on leader multi-Paxos.
describe('multi-Paxos seeded sweep, part 1 of 2', () => sweepSeeds(1, 1000, 'seeds', 'multipaxos'));
