// Lint enforces the runtime boundaries of DESIGN.md, not just style:
// - forms/ and the API contract are pure: no electron, no node:, no DOM, no db/.
// - renderer/ never reaches electron, node: or db/ (it talks through the contract).
// - electron/ is the only place that may import 'electron'.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'url', 'util', 'stream', 'buffer', 'module'];
const noElectron = { group: ['electron', 'electron/*'], message: 'Only electron/ may import Electron.' };
const noNode = { group: nodeBuiltins, message: 'This layer must run without Node: no node: imports.' };
const noDb = { group: ['**/db/*', '**/db', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], message: 'Go through the API contract, not the database.' };
const noCoreServices = {
  group: ['**/core/services/*', '**/core/host/*', '**/core/app', '**/core/dispatch', '**/core/handlers', '**/core/cli/*'],
  message: 'Only the contract (core/contract) is shared with this layer.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': 'allow-with-description', 'ts-expect-error': 'allow-with-description' }],
      'no-restricted-imports': ['error', { patterns: [noElectron] }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['forms/**/*.ts', 'core/contract/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { patterns: [noElectron, noNode, noDb, noCoreServices, { group: ['react', 'react-dom', 'antd'], message: 'Pure layer: no UI.' }] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [noElectron, noNode, noDb, noCoreServices] }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
);
