import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/** The deterministic layers: no I/O, no clock, no ambient randomness. */
const pureFolders = [
  'app/kv/**',
  'app/protocol/**',
  'app/paxos/**',
  'app/quorumkv/**',
  'app/multipaxos/**',
  'app/certain/**',
  'app/wpaxos/**',
  'app/lessons/**',
  'app/verification/**',
  'app/simulator/**',
  'app/checker/**',
];

/** Node's built-in modules, which neither the pure core nor the renderer's web page may import. */
const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'net',
  'child_process',
  'os',
  'path',
  'crypto',
  'http',
  'https',
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.tmp', 'app/proto/generated', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  /** app/ is shared by every process: it depends on nothing outside app/ (the pure folders add more below). */
  {
    files: ['app/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/node-agent', '**/node-agent/**', '**/main/**', '**/renderer/**'],
              message: 'app/ depends on nothing outside app/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: pureFolders,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeBuiltins,
              message: 'The pure core does no I/O.',
            },
            {
              group: ['@grpc/*', 'electron', 'classic-level', 'ws'],
              message: 'The pure core knows no transport.',
            },
            {
              group: ['**/node-agent', '**/node-agent/**', '**/main/**', '**/renderer/**'],
              message: 'app/ depends on nothing outside app/.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'Time enters the core only as a Tick input.' },
        { name: 'setTimeout', message: 'Timers are ticks in the core.' },
        { name: 'setInterval', message: 'Timers are ticks in the core.' },
        { name: 'setImmediate', message: 'Timers are ticks in the core.' },
        { name: 'performance', message: 'Time enters the core only as a Tick input.' },
        { name: 'process', message: 'The core reads no environment.' },
        { name: 'crypto', message: 'Randomness comes from the seeded PRNG in state.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded PRNG (app/util/prng).' },
      ],
    },
  },
  /** Outside node-agent/, the agent is reached only through its index (node-agent/index.ts). */
  {
    files: ['main/**', 'bench/**', 'scripts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/node-agent/**'],
              message: 'Import the node agent from its index (node-agent), not from its internals.',
            },
          ],
        },
      ],
    },
  },
  /** The renderer runs in a browser page: no Node built-ins, no agent, no main process. */
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeBuiltins,
              message: 'The renderer is a web page: it has no Node built-ins.',
            },
            {
              group: [
                '**/node-agent',
                '**/node-agent/**',
                '**/main/**',
                '@grpc/*',
                'electron',
                'classic-level',
              ],
              message:
                'The renderer reaches the cluster only through the console contract (renderer/client).',
            },
          ],
        },
      ],
    },
  },
  /** The renderer's React code follows the rules of hooks. */
  { files: ['renderer/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  prettier,
);
