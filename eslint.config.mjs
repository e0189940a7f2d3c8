import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'https', 'net', 'stream', 'url', 'util', 'zlib'];
const UI_LIBS = ['react', 'react-dom', 'react-dom/*', 'three', 'three/*', '@react-three/*', 'zustand', 'zustand/*'];
const HOST_LIBS = ['better-sqlite3', 'ws', 'onnxruntime-node'];

/** One layer's import rule: what it may not reach, and why, in the words of DESIGN.md. */
const layer = (files, forbidden, why, ignores = []) => ({
  files,
  ignores: ['**/*.test.ts', '**/*.test.tsx', ...ignores],
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message: why }] }],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'native/build/**', 'resources/**', 'e2e/artifacts/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-warning-comments': ['error', { terms: ['todo', 'fixme', 'xxx'], location: 'start' }],
    },
  },
  layer(
    ['src/core/**'],
    ['electron', ...UI_LIBS, ...HOST_LIBS, ...NODE_BUILTINS, '**/main/**', '**/renderer/**', '**/preload/**', '**/shared/**'],
    'src/core is pure: no Electron, Node, React or three, and no other layer of the app.',
  ),
  layer(
    ['src/shared/**'],
    ['electron', ...UI_LIBS, ...HOST_LIBS, ...NODE_BUILTINS, '**/main/**', '**/renderer/**', '**/preload/**'],
    'src/shared is the contract: it may use core and zod only.',
  ),
  layer(
    ['src/main/**'],
    ['electron', ...UI_LIBS, '**/renderer/**', '**/preload/**'],
    'Host code other than the Electron shell (src/main/index.ts) never imports electron, so it runs in the web host and in tests.',
    ['src/main/index.ts'],
  ),
  layer(
    ['src/main/index.ts'],
    [...UI_LIBS, '**/renderer/**', '**/preload/**'],
    'The Electron shell wires services to windows; it does not reach into the UI.',
  ),
  layer(
    ['src/renderer/**'],
    ['electron', ...HOST_LIBS, ...NODE_BUILTINS, '**/main/**', '**/preload/**'],
    'The renderer reaches the host only through the contract client (src/shared/client.ts).',
  ),
  {
    // Renderer tests run in Node but test renderer code: a server or files they need come from the
    // host's test support (src/main/testing), so no renderer file reaches for Node itself.
    files: ['src/renderer/**/*.test.ts', 'src/renderer/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', ...HOST_LIBS, ...NODE_BUILTINS, '**/preload/**'], message: 'Renderer tests take servers and files from src/main/testing, not from Node directly.' },
            { regex: '(^|/)main/(?!testing/)', message: 'Renderer tests may use the host\'s test support (src/main/testing) only.' },
          ],
        },
      ],
    },
  },
  {
    // A window's state belongs to its Workbench (src/renderer/workbench), handed down by React
    // context: two windows or two tests never share it. A worker's module scope is its own.
    files: ['src/renderer/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/*Worker.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Program > VariableDeclaration[kind='let'], Program > ExportNamedDeclaration > VariableDeclaration[kind='let']", message: 'No mutable state at module level in the renderer: keep it on the Workbench.' },
        { selector: "ImportDeclaration[source.value='zustand'] ImportSpecifier[imported.name='create']", message: "No module-level store hooks: make stores per workbench with createStore from 'zustand/vanilla'." },
      ],
    },
  },
  layer(
    ['src/preload/**'],
    [...UI_LIBS, ...HOST_LIBS, ...NODE_BUILTINS, '**/main/**', '**/renderer/**'],
    'The preload only bridges the contract over IPC.',
  ),
);
