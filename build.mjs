// Bundles src/cli.ts and its dependencies into dist/: cli.mjs, the one file a container start loads,
// and chunks for the paths that need more. Nothing is loaded from node_modules at run time.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/**
 * An ESM `import ... from 'node:fs'` makes Node build the module's ESM facade, which cost about
 * 15 million instructions per built-in on a container start (measured with callgrind, see
 * bench/README.md). process.getBuiltinModule (Node >= 20.16) hands over the loaded module as is.
 */
const builtinsViaGetBuiltinModule = {
  name: 'builtins-via-getBuiltinModule',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'builtin' }));
    b.onResolve({ filter: /^(fs|path|os|child_process|events|process|stream|util|url|tty|net|buffer|string_decoder|timers|crypto|module)(\/.*)?$/ }, (args) => ({ path: `node:${args.path}`, namespace: 'builtin' }));
    // As CommonJS, so esbuild reads named imports off the object lazily (fs.promises stays unloaded).
    // A dynamic import() of a built-in would get only `default` this way: src/ uses
    // process.getBuiltinModule directly for those (lock.ts, cli.ts, try.ts).
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

// Stale chunks from an earlier build would ship in the package: start clean.
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  // The start path loads dist/cli.mjs and the chunks it shares; commander (help, errors,
  // subcommands), doctor, try and execa (the old-Node spawn path) load only when needed.
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'eof',
  define: { __VERSION__: JSON.stringify(version) },
  plugins: [builtinsViaGetBuiltinModule],
  logLevel: 'warning',
});
