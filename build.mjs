// Bundles src/ into dist/: cli.cjs, the one file a container start loads, and self-contained lazy
// modules for the paths that need more. Nothing is loaded from node_modules at run time.
// The choices below were each measured (bench/README.md); the notes say what they bought.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/**
 * Modules the start path imports only on demand, and the file each becomes. The start bundle keeps
 * them external; the lazy build makes each one an entry. `rules` holds zod, which is loaded only when
 * there is input to validate. execa is bundled into the lazy modules that use it (doctor).
 */
const LAZY = { './program.js': 'program', './doctor.js': 'doctor', './try.js': 'try', './rules.js': 'rules' };

const lazyExternal = {
  name: 'lazy-external',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(LAZY).map((k) => k.replace(/[./]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: `./${LAZY[args.path]}.mjs`, external: true }));
  },
};

/**
 * For the ESM lazy modules: an ESM `import ... from 'node:fs'` makes Node build the module's ESM
 * facade, which costs millions of instructions per built-in. process.getBuiltinModule (Node >= 20.16)
 * hands over the loaded module as it is. The CommonJS start bundle needs none of this: its require()
 * of a built-in is already cheap.
 */
const builtinsViaGetBuiltinModule = {
  name: 'builtins-via-getBuiltinModule',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'builtin' }));
    b.onResolve({ filter: /^(fs|path|os|child_process|events|process|stream|util|url|tty|net|buffer|string_decoder|timers|crypto|module)(\/.*)?$/ }, (args) => ({ path: `node:${args.path}`, namespace: 'builtin' }));
    // As CommonJS, so esbuild reads named imports off the object lazily (fs.promises stays unloaded).
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  // Non-ASCII characters escaped: bin/uid-entrypoint.cjs decodes cli.cjs as latin1 for its code cache.
  charset: 'ascii',
  legalComments: 'eof',
  define: { __VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
};

// Stale files from an earlier build would ship in the package: start clean.
rmSync('dist', { recursive: true, force: true });

// The start path: one CommonJS file. One file, because every extra module costs a resolve, a read
// and a link; CommonJS, because require() of it and of built-ins is cheaper than the ESM loader.
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.cjs',
  format: 'cjs',
  plugins: [lazyExternal],
});

// Everything else, loaded with import() when asked for. These carry their own copies of the
// modules they share with cli.cjs (errors.ts makes ExitError safe across copies).
await build({
  ...common,
  entryPoints: Object.fromEntries(Object.values(LAZY).map((name) => [name, `src/${name}.ts`])),
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  format: 'esm',
  plugins: [builtinsViaGetBuiltinModule],
});
