import { describe } from 'vitest';
import { sweepSeeds } from './sweep-test';

describe('seeded sweep, part 2 of 4', () => sweepSeeds(501, 500));
