import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import path from 'node:path';

const webRoot = path.resolve('src/web');

/**
 * Web zones: a feature imports only itself, src/web/shared and what lies outside the web (domain);
 * shared imports no feature. What two features need goes into shared, so features never form loops.
 * Resolves relative specifiers, which no-restricted-imports' glob patterns cannot tell apart.
 */
const webZones = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { crossFeature: '{{message}} (see docs/architecture.md, web zones).' },
  },
  create(context) {
    const zoneOf = (file) => {
      const rel = path.relative(webRoot, file).split(path.sep);
      if (rel[0] === 'features' && rel.length > 2) return `features/${rel[1]}`;
      return rel[0] === 'shared' ? 'shared' : null;
    };
    const from = zoneOf(context.filename);
    if (from === null) return {};
    const check = (source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = zoneOf(path.resolve(path.dirname(context.filename), source.value));
      if (target === null || !target.startsWith('features/') || target === from) return;
      const message =
        from === 'shared'
          ? `src/web/shared must not import ${target}`
          : `${from} must not import ${target}: move what both use into src/web/shared`;
      context.report({ node: source, messageId: 'crossFeature', data: { message } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
    };
  },
};

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
    plugins: { 'react-hooks': reactHooks, web: { rules: { zones: webZones } } },
    rules: { ...reactHooks.configs.recommended.rules, 'web/zones': 'error' },
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
              regex: '^(?!typebox$|\\./[\\w-]+\\.js$|\\.\\./domain/[\\w-]+(/[\\w-]+)*\\.js$)',
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
