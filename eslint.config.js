import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layers may only depend downwards: web -> contract (types only) -> domain, server -> contract, db ->
// domain, domain -> nothing of ours.
const forbid = (name) => ({
  group: [`**/${name}/**`, `**/${name}`],
  message: `This layer must not import from src/${name} (see docs/architecture.md).`,
});
const layer = (files, forbidden) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: forbidden.map(forbid) }] },
});

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'drizzle', '.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  layer(['src/domain/**'], ['contract', 'db', 'server', 'web', 'cli']),
  layer(['src/db/**'], ['contract', 'server', 'web', 'cli']),
  layer(['src/server/**'], ['web', 'cli']),
  // The contract is the API's one description: schemas built from the domain's constants, nothing else.
  {
    files: ['src/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!typebox$|\\./[\\w-]+\\.js$|\\.\\./domain/[\\w-]+\\.js$)',
              message:
                'src/contract may import only typebox, itself and src/domain (see docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  // The web reads the contract's static types; its schemas (and typebox) stay out of the bundle.
  {
    files: ['src/web/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...['db', 'server', 'cli'].map(forbid),
            {
              group: ['**/contract/**', '**/contract'],
              allowTypeImports: true,
              message: 'The web imports the contract with `import type` only (see docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
);
