import { describe } from 'vitest';
import { sweepSeeds } from './sweep-test';

describe('seeded sweep, part 4 of 4', () => sweepSeeds(1501, 500));
