// Lint is where the architecture's boundaries are enforced (design/architecture.md, "Boundaries").
// Every boundary rule is an error: a warning erodes (design/style.md, VS Code).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  '^node:',
  '^(fs|path|os|child_process|http|https|net|tls|dns|crypto|stream|url|util|events|zlib|readline|worker_threads)(/.*)?$',
];
const platformPackages = ['^electron$', '^dockerode$', '^undici$', '^@napi-rs/keyring$'];

/**
 * no-restricted-imports with regex patterns, each with the reason shown to the developer, and
 * the same patterns for dynamic `import('…')` (no-restricted-imports sees only static ones).
 */
const forbid = (...groups) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: groups.map(([regex, message]) => ({ regex, message })),
    },
  ],
  'no-restricted-syntax': [
    'error',
    ...groups.map(([regex, message]) => ({
      selector: `ImportExpression[source.value=/${regex.replace(/\//g, '\\/')}/]`,
      message: `${message} (dynamic import)`,
    })),
  ],
});

/**
 * THE LAYERS of the core (docs/architecture.md, "Layers"): each folder of src/ and the core
 * folders it may import, besides itself and src/shared (which every layer may use). A folder
 * not named in a row is forbidden to it, statically and through import(). Read bottom-up:
 * engine, registry, storage, ledger and flows stand alone; host wires everything; the CLI
 * sees only host (and src/shared).
 */
const LAYERS = {
  storage: [],
  engine: [],
  registry: [],
  ledger: [],
  flows: [],
  build: ['engine'],
  inspect: ['registry'],
  credentials: ['registry', 'storage'],
  diagnose: ['engine', 'registry', 'credentials'],
  pull: ['engine', 'registry', 'credentials', 'ledger'],
  runs: ['engine', 'flows', 'ledger', 'pull', 'build'],
  host: [
    'storage',
    'engine',
    'registry',
    'ledger',
    'flows',
    'credentials',
    'diagnose',
    'pull',
    'runs',
    'build',
    'inspect',
  ],
  cli: ['host'],
};
const coreFolders = Object.keys(LAYERS);

/** The lint rules of one layer: no folder outside its row, and only the public face (index.ts) of those in it. */
const layerRules = (folder) => {
  const allowed = LAYERS[folder];
  const forbidden = coreFolders.filter((f) => f !== folder && !allowed.includes(f));
  return forbid(
    ...(forbidden.length
      ? [
          [
            `^(\\.\\./)+(${forbidden.join('|')})(/|$)`,
            `src/${folder} may import only ${allowed.length ? allowed.join(', ') + ' and ' : ''}src/shared (the layers table in eslint.config.js).`,
          ],
        ]
      : []),
    ...(allowed.length
      ? [
          [
            `^(\\.\\./)+(${allowed.join('|')})/`,
            'Import another core folder through its public face (its index.ts), not its files.',
          ],
        ]
      : []),
    ['^electron$', 'src/** must run under plain Node: keep Electron in main/.'],
    ['^react(-dom)?(/.*)?$', 'src/** is UI-free: React lives in renderer/.'],
    ['(^|/)(main|renderer)(/|$)', 'src/** must not reach into main/ or renderer/.'],
  );
};

/** What the renderer may not import: the sandbox's rule. */
const rendererGroups = [
  ...nodeBuiltins.map((r) => [r, 'The renderer is sandboxed: no Node built-ins.']),
  ...platformPackages.map((r) => [
    r,
    'The renderer reaches the platform only through the IPC contract.',
  ]),
  ['^(\\.\\./)+src/(?!shared/)', 'The renderer may import only src/shared from the core.'],
  ['^(\\.\\./)+main/', 'The renderer may not import the Electron main process.'],
];

/** The renderer's screen folders and the shell above them; renderer/src/state is below all. */
const RENDERER_SCREENS = [
  'doctor',
  'engine',
  'images',
  'palette',
  'pulls',
  'registries',
  'runs',
  'tags',
  'shell',
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}', 'scripts/**', 'bench/**', '.ci/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/**/*.ts', 'main/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  // src/shared is browser-safe: it runs in the renderer, the preload and under Node.
  ...[
    // Relative imports may not climb out of src/shared: one level from its top, two below.
    { files: ['src/shared/*.ts'], escape: '^\\.\\./' },
    { files: ['src/shared/*/**/*.ts'], escape: '^\\.\\./\\.\\./' },
  ].map(({ files, escape }) => ({
    files,
    rules: forbid(
      ...nodeBuiltins.map((r) => [r, 'src/shared is browser-safe: no Node built-ins.']),
      ...platformPackages.map((r) => [r, 'src/shared is browser-safe: no platform packages.']),
      ['^react(-dom)?(/.*)?$', 'src/shared is UI-free.'],
      [escape, 'src/shared imports only src/shared.'],
    ),
  })),
  // src/** is the Electron-free, React-free core that the CLI, the web host and tests run,
  // in the layers of the table above.
  ...coreFolders.map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: layerRules(folder),
  })),
  // main/ is the thin Electron layer: it may use src/**, never the renderer's code.
  {
    files: ['main/**/*.ts'],
    rules: forbid([
      '(^|/)renderer(/|$)',
      'main/ talks to the renderer only over the IPC contract.',
    ]),
  },
  // renderer/ imports only src/shared and its own files (design/architecture.md).
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/component/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...forbid(...rendererGroups),
    },
  },
  // renderer/src/state is below the screens: the screens read it, it never reads them (the
  // state a screen needs, its draft or input checks included, lives in state/).
  {
    files: ['renderer/src/state/**/*.{ts,tsx}'],
    rules: forbid(...rendererGroups, [
      `^\\.\\./(${RENDERER_SCREENS.join('|')})(/|$)`,
      'renderer/src/state may not import a screen folder: screens sit above the state.',
    ]),
  },
);
