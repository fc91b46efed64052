import { describe } from 'vitest';
import { sweepDrawnSeeds } from './sweep-test';

describe('seeded sweep from a fresh offset every run', () => sweepDrawnSeeds(500));
