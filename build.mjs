// Bundles src/ into dist/: cli.cjs, the one file a container start loads, and self-contained lazy
// modules for the paths that need more; and compiles the Node-API addon (native/) next to them.
// Nothing is loaded from node_modules at run time. bench/README.md has what each choice measured.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/**
 * Modules the start path imports only on demand, and the file each becomes. Every bundle keeps
 * them external and loads them with require() (esbuild turns the source's import() into it: see
 * `supported` below), so no start ever pays for Node's ESM loader. `rules` holds zod, which is
 * loaded only when there is input to validate. execa is bundled into the module that uses it (doctor).
 */
const LAZY = { './program.js': 'program', './doctor.js': 'doctor', './try.js': 'try', './rules.js': 'rules' };

const lazyExternal = {
  name: 'lazy-external',
  setup(b) {
    const filter = new RegExp(
      `^(${Object.keys(LAZY)
        .map((k) => k.replace(/[./]/g, '\\$&'))
        .join('|')})$`,
    );
    b.onResolve({ filter }, (args) => ({ path: `./${LAZY[args.path]}.cjs`, external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  // Non-ASCII characters escaped: bin/uid-entrypoint.cjs decodes cli.cjs as latin1 for its code cache.
  charset: 'ascii',
  // import() becomes require(): a start never pays for Node's ESM loader, and the bundle runs as a
  // vm.Script from V8's code cache (bin/uid-entrypoint.cjs), which has no import() of its own.
  supported: { 'dynamic-import': false },
  legalComments: 'eof',
  define: { __VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
  plugins: [lazyExternal],
};

// Stale files from an earlier build would ship in the package: start clean.
rmSync('dist', { recursive: true, force: true });

// The start path: one CommonJS file. One file, because every extra module costs a resolve, a read
// and a link; CommonJS, because require() of it and of built-ins is cheaper than the ESM loader.
await build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.cjs' });

// Everything else, each a file of its own with its own copies of what it shares with cli.cjs
// (errors.ts makes ExitError safe across copies), loaded with require() when asked for.
await build({
  ...common,
  entryPoints: Object.fromEntries(Object.values(LAZY).map((name) => [name, `src/${name}.ts`])),
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
});

// The addon (native/*.c; src/addon.ts says what it is for), for this machine's platform and
// architecture: Node-API, so one build serves every supported Node here. Without a C compiler there
// is none, and starts use the public APIs instead (process.execve, node:net).
// The name src/addon.ts (addonName) loads.
const addon = `dist/native-${process.platform}-${process.arch}.node`;
const cc = process.env.CC || 'cc';
const sources = readdirSync('native')
  .filter((file) => file.endsWith('.c'))
  .map((file) => `native/${file}`);
const compiled = spawnSync(
  cc,
  ['-std=gnu11', '-O2', '-fPIC', '-shared', '-s', '-Wall', '-Wextra', '-o', addon, ...sources],
  {
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
if (compiled.error || compiled.status !== 0) {
  const why = compiled.error ? `${cc}: ${compiled.error.code}` : `${cc} exited ${compiled.status}`;
  console.warn(`build: no ${addon} (${why}); starts use process.execve and node:net instead`);
}
