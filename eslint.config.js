// Lint enforces the rooms of docs/architecture.md and the direction of their arrows:
// - forms/ and the API contract are pure: no electron, no node:, no DOM, no db/.
// - renderer/ never reaches electron, node: or db/ (it talks through the contract).
// - electron/ is the only place that may import 'electron'.
// - Only db/ talks to SQLite: no better-sqlite3 or drizzle-orm anywhere else (tests that
//   edit the file behind the app's back and the benches' bare baselines excepted).
// - Layers point down: lib ← forms, bundle, db, pdf ← core/domain ← core/records ←
//   core/exchange ← core/services ← handlers, hosts, CLI, demo.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'url', 'util', 'stream', 'buffer', 'module'];
const noElectron = { group: ['electron', 'electron/*'], message: 'Only electron/ may import Electron.' };
const noNode = { group: nodeBuiltins, message: 'This layer must run without Node: no node: imports.' };
const noDb = { group: ['**/db/*', '**/db', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], message: 'Go through the API contract, not the database.' };
const noSqlite = { group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', '**/db/schema'], message: 'Only db/ talks to SQLite: add a repository function in db/repositories/ and call it.' };
const above = (message, ...groups) => ({ group: groups, message });
// `**/x/**` as well as `**/x/*`: a room may have folders (services/inspections/).
const aboveServices = ['**/handlers', '**/dispatch', '**/app', '**/host/*', '**/cli/*', '**/cli/**', '**/demo/*'];
const aboveExchange = [...aboveServices, '**/services/*', '**/services/**'];
const aboveRecords = [...aboveExchange, '**/exchange/*', '**/exchange/**'];
const aboveDomain = [...aboveRecords, '**/records/*', '**/records/**'];
const coreRooms = ['**/core/*', '**/core/*/*', '**/core/*/*/*'];
const layer = (files, ...patterns) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noSqlite, ...patterns] }] },
});
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
    rules: { 'no-restricted-imports': ['error', { patterns: [noSqlite] }] },
  },
  // Outside db/, nothing imports the database driver or the schema.
  layer(['core/**/*.ts', 'pdf/**/*.ts', 'bundle/**/*.ts', 'lib/**/*.ts', 'test/e2e/**/*.ts']),
  {
    files: ['db/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, above('db/ is below core/: it stores rows and knows no services.', ...coreRooms)] }] },
  },
  layer(['lib/**/*.ts'], above('lib/ is the bottom room: it imports nothing of the project.', '**/core/*', '**/core/**', '**/db/*', '**/db/**', '**/forms/*', '**/bundle/*', '**/pdf/*', '**/pdf/**', '**/renderer/**', '**/electron/*')),
  layer(['bundle/**/*.ts', 'pdf/**/*.ts'], above('bundle/ and pdf/ sit below core/: pass them what they need.', ...coreRooms, '**/db/*', '**/db/**')),
  layer(['core/domain/**/*.ts', 'core/audit/**/*.ts', 'core/evidence/**/*.ts'], above('core/domain, audit and evidence are below records, exchange and services.', ...aboveDomain)),
  layer(['core/records/**/*.ts'], above('core/records is below exchange and services.', ...aboveRecords)),
  layer(['core/exchange/**/*.ts'], above('core/exchange is below the services: move what both need into core/domain or core/records.', ...aboveExchange)),
  layer(['core/services/**/*.ts'], above('Services are called through the dispatcher; they never import it, a host, the CLI or the demo.', ...aboveServices)),
  // The receiver is a network service beside core/: it shares bundle/, lib/ and the
  // import's database-free checks (core/exchange/verify-upload.ts), and keeps its own
  // store, the only place under receiver/ that talks to SQLite.
  {
    files: ['receiver/**/*.ts'],
    ignores: ['**/*.test.ts', 'receiver/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            { group: ['better-sqlite3', 'pg', 'drizzle-orm', 'drizzle-orm/*', '**/db/*', '**/db/**'], message: 'The receiver keeps its SQL in receiver/store/ only.' },
            { regex: '(^|/)core/(?!exchange/verify-upload$)', message: 'The receiver shares bundle/, lib/ and core/exchange/verify-upload only; it never imports the app.' },
            { group: ['**/renderer/**', '**/pdf/*', '**/pdf/**', '**/electron/*'], message: 'The receiver shares bundle/, lib/ and core/exchange/verify-upload only; it never imports the app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['receiver/store/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, { group: ['**/core/*', '**/core/**', '**/db/*', '**/db/**'], message: 'The receiver store stands alone: it stores rows and knows no app.' }] }] },
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
