import { describe } from 'vitest';
import { sweepSeeds } from './sweep-test';

describe('seeded sweep, part 3 of 4', () => sweepSeeds(1001, 500));
