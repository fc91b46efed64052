import { describe } from 'vitest';
import { sweepSeeds } from './sweep-test';

describe('seeded sweep, part 1 of 4', () => sweepSeeds(1, 500));
