// ESLint 9 flat config: typescript-eslint's type-aware strict set on every package's sources,
// tests and vitest config; ESLint's recommended JavaScript rules on the plain-JS tools and example plugin.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TYPESCRIPT = ['packages/*/src/**/*.ts', 'packages/*/test/**/*.ts', 'packages/*/vitest.config.ts'];

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', 'hemocam-demo/', 'docs/', 'packages/*/test/fixtures/', 'packages/io/vendor/']),
  {
    name: 'hemocam/typescript',
    files: TYPESCRIPT,
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Typed-array loops under noUncheckedIndexedAccess read `a[i]!`: a check per voxel would cost, and the index is in range.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Messages and file names embed counts, sizes and indices; numbers print as they should.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // One-line callbacks such as `values.forEach((v, i) => expect(v).toBe(want[i]))` are the house style.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // A parameter an interface requires but this implementation does not use is named `_ctx`.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Stage.run and friends return promises by contract; a synchronous stage stays `async` so that its errors reject, never throw.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    name: 'hemocam/tests',
    files: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.ts'],
    rules: {
      // vitest types its asymmetric matchers (`expect.stringMatching`, `expect.any`) as `any`, so
      // `toMatchObject({ message: expect.stringMatching(/…/) })` would trip it; the other no-unsafe-* rules stay on.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    name: 'hemocam/javascript',
    files: ['tools/*.mjs', 'examples/third-party-plugin/**/*.js', 'packages/*/bin/*.js', 'eslint.config.js'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
);
