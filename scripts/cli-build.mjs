import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

// How the `berth` CLI is bundled so that a command loads only the code it runs (issue 11,
// "Start-up and overhead"; measured by `npm run bench -- startup`). scripts/build.mjs builds
// it into dist/cli; test/unit/cli/cli-bundle.test.ts builds it in memory and checks which
// code each command's chunks hold.

/**
 * dockerode requires at load time two transports Berth never uses, and they are its costliest
 * part (about 300 ms of the CLI's start on a busy machine):
 * - docker-modem/lib/ssh.js requires ssh2 (with its crypto and optional native cpu-features).
 *   Berth reaches ssh:// engines through the user's own `ssh` client instead
 *   (src/engine/ssh-bridge.ts), so docker-modem is never asked for protocol 'ssh';
 * - dockerode/lib/session.js requires @grpc/grpc-js and @grpc/proto-loader for BuildKit
 *   sessions, which only `buildImage` with version 2 opens; Berth builds with version 1
 *   (src/engine/image-build.ts).
 * Both files export one function (docker-modem 5.0.7 lib/modem.js calls `ssh(opts)`,
 * dockerode 5.0.1 lib/docker.js calls `withSession(...)`), so each is replaced by a function
 * that requires the real file from node_modules on its first call: the behaviour is
 * unchanged, only the time of loading moves. test/integration/cli-startup.test.ts checks
 * that neither ssh2 nor grpc-js is in the process after `berth engine`.
 */
const deferred = [
  {
    importer: '/node_modules/docker-modem/lib/',
    request: './ssh',
    real: 'docker-modem/lib/ssh.js',
  },
  {
    importer: '/node_modules/dockerode/lib/',
    request: './session',
    real: 'dockerode/lib/session.js',
  },
];

export const deferDockerodeTransports = {
  name: 'defer-dockerode-transports',
  setup(build) {
    build.onResolve({ filter: /^\.\/(ssh|session)$/ }, (args) => {
      const match = deferred.find(
        (d) => d.request === args.path && args.importer.replaceAll('\\', '/').includes(d.importer),
      );
      return match ? { path: match.real, namespace: 'deferred' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'deferred' }, (args) => ({
      contents: `module.exports = function () { return require(${JSON.stringify(args.path)}).apply(this, arguments); };`,
      loader: 'js',
    }));
    // The real files stay outside the bundle: required from node_modules at their first use.
    const reals = new RegExp(
      `^(${deferred.map((d) => d.real.replace(/[./]/g, '\\$&')).join('|')})$`,
    );
    build.onResolve({ filter: reals }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * commander's lib/command.js requires node:child_process when it loads, for executable
 * subcommands (`program.command('x', 'desc')` run as a separate program); Berth has none.
 * Loading child_process also loads net, dgram and their streams: a few ms of every start
 * (`berth ref` included). commander gets a stand-in that requires it on first use.
 */
export const deferCommanderChildProcess = {
  name: 'defer-commander-child-process',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.replaceAll('\\', '/').includes('/node_modules/commander/')
        ? { path: 'child_process', namespace: 'lazy-builtin' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents:
        "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

/**
 * Berth's own modules only define things when loaded (no module is imported for what its
 * loading does: test/unit/cli/lazy-commands.test.ts checks that src/ has no bare
 * `import './x'`). Telling esbuild so lets it leave out every module whose exports a command
 * does not use, even when the module would build a zod schema or a table on loading: `berth
 * tags` then loads the registry code it calls through src/host's face, not the whole core
 * behind that face.
 */
export const sideEffectFreeSources = {
  name: 'side-effect-free-sources',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === 'side-effect-free-sources') return undefined;
      if (!/[\\/]src[\\/]/.test(args.importer) || /[\\/]node_modules[\\/]/.test(args.importer)) {
        return undefined;
      }
      const result = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'side-effect-free-sources',
      });
      if (result.errors.length > 0 || result.external) return undefined;
      return { path: result.path, sideEffects: false };
    });
  },
};

/**
 * src/cli/index.ts imports each command module with import(), and esbuild splits ESM (only
 * ESM) into chunks along those imports: `berth ref` loads commander, the reference parser and
 * the error texts, not the core, zod or dockerode. dockerode is bundled (not external) so its
 * SSH and BuildKit transports can be deferred. These options are the first of two steps:
 * `buildCli` then turns the chunks into CommonJS.
 */
/**
 * Packages whose `main` is a UMD build that requires its own files at run time (esbuild cannot
 * follow those requires into a bundle): their ES module build instead.
 */
export const BUNDLE_ALIASES = { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' };

export function cliBuildOptions(outdir) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    sourcemap: true,
    // Less text to read and compile at every start (about a third of the core's chunk);
    // names are kept, so a stack trace still reads, and the source map has the rest.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    // undici is bundled: read as one file, not resolved and read as a hundred (about a
    // third of its load time); src/registry/undici-fetch.ts takes it either way.
    external: ['electron', '@napi-rs/keyring', 'cpu-features', 'ssh2'],
    alias: BUNDLE_ALIASES,
    plugins: [sideEffectFreeSources, deferDockerodeTransports, deferCommanderChildProcess],
    entryPoints: { cli: 'src/cli/index.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
  };
}

/**
 * The CLI as it ships: the ESM chunks of `cliBuildOptions`, each turned into CommonJS with its
 * import() calls as require(). Node 20 sets up its ESM loader (and links modules
 * asynchronously) for the first import() of a run; CommonJS skips that, about 6 ms of a 60 ms
 * `berth ref` (issue 11: at most 1.5x `node -e 0`). Each file is converted alone, so the
 * chunking and the lazy loading per command stay as esbuild split them. `__dirname` is dist/cli
 * in every chunk, as it was for the single-file bundle (`berth serve` finds the renderer from it).
 */
export async function buildCli(build, outdir) {
  outdir = resolve(outdir);
  // Chunk names carry content hashes: without this, every build would leave the last one's behind.
  rmSync(outdir, { recursive: true, force: true });
  const staged = await build({
    ...cliBuildOptions(outdir),
    write: false,
    sourcemap: 'inline',
    metafile: true,
  });
  // Same length, so the inline source map's columns still hold.
  const asJs = (path) => path.replace(/\.mjs$/, '.js');
  const relink = (code) => code.replace(/(["'])(\.\.?\/[^"'\n]*?)\.mjs\1/g, '$1$2.cjs$1');
  const banner =
    "var __dirname = require('node:path').dirname(__filename).replace(/[\\\\/](chunks|packs)$/, '');";
  await build({
    entryPoints: staged.outputFiles
      .filter((f) => f.path.endsWith('.mjs'))
      .map((f) => ({ in: f.path, out: relative(outdir, f.path).replace(/\.mjs$/, '') })),
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // import('./chunks/x.cjs') becomes Promise.resolve().then(() => require('./chunks/x.cjs')).
    supported: { 'dynamic-import': false },
    minifyWhitespace: true,
    sourcemap: true,
    logLevel: 'warning',
    banner: { js: banner },
    plugins: [
      {
        name: 'staged-esm-chunks',
        setup(b) {
          // Named .js, not .mjs: esbuild would read an .mjs importer as Node-style ESM and
          // give a converted chunk's whole exports object as the `default` of an import().
          const byPath = new Map(staged.outputFiles.map((f) => [asJs(f.path), f.text]));
          b.onResolve({ filter: /\.mjs$/ }, (args) =>
            byPath.has(asJs(args.path))
              ? { path: asJs(args.path), namespace: 'staged' }
              : undefined,
          );
          b.onLoad({ filter: /.*/, namespace: 'staged' }, (args) => ({
            contents: relink(byPath.get(args.path) ?? ''),
            loader: 'js',
          }));
        },
      },
    ],
  });
  // Node 20's stand-in for module.enableCompileCache(), which bin/berth.cjs loads first.
  await build({
    entryPoints: { 'compile-cache': 'src/cli/compile-cache.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minifyWhitespace: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  await packCommands(build, outdir, staged.metafile);
  // Node looks for the package scope of every file it loads and every request it resolves;
  // one here stops that walk at dist/cli instead of reading the project's package.json.
  writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
}

/**
 * One file per command module (dist/cli/packs/<module>.cjs): cli.cjs with the module's chunk
 * and, unless the module is coreless, the CLI context, and every chunk those require as they
 * load, so `berth pull` reads and compiles one file where the chunks were 24. Each file a
 * command loads costs Node a resolve, a stat, a read and a compile (and the compile cache a
 * stat and a read), about half a millisecond each on this machine. What a command imports
 * lazily (another command's module, the core's services it opens on demand) stays in its own
 * chunk, required from dist/cli/chunks when it runs, sharing the pack's modules
 * (shareInlinedChunks); modules are wrapped whole and
 * run in the order they are required, so nothing runs earlier than it did. bin/berth.cjs
 * loads the pack that packs/commands.json names for the command, and cli.cjs for anything else
 * (--help, no command, an unknown word).
 */
async function packCommands(build, outdir, metafile) {
  const table = JSON.parse(readFileSync('src/cli/command-modules.json', 'utf8'));
  // The chunk each import() target became, by its source: 'src/cli/commands/pull.ts' → 'pull-X.cjs'.
  const chunkOf = new Map(
    Object.entries(metafile.outputs)
      .filter(([path, info]) => info.entryPoint && /[\\/]chunks[\\/]/.test(path))
      .map(([path, info]) => [info.entryPoint, basename(path).replace(/\.mjs$/, '.cjs')]),
  );
  const lazyChunks = new Set(chunkOf.values());
  const packs = join(outdir, 'packs');
  mkdirSync(packs, { recursive: true });
  const commands = {};
  for (const { module, commands: names, coreless } of table) {
    const own = chunkOf.get(`src/cli/commands/${module}.ts`);
    if (!own) throw new Error(`cli-build: no chunk for src/cli/commands/${module}.ts`);
    const inside = new Set([own, ...(coreless ? [] : [chunkOf.get('src/cli/context.ts')])]);
    await build({
      entryPoints: [join(outdir, 'cli.cjs')],
      outfile: join(packs, `${module}.cjs`),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      minifyWhitespace: true,
      // Mapped through the chunks' maps to src/; the sources' text is in the chunks' maps already.
      sourcemap: true,
      sourcesContent: false,
      logLevel: 'warning',
      plugins: [
        {
          name: 'pack-command',
          setup(b) {
            b.onResolve({ filter: /\.cjs$/ }, (args) => {
              const name = basename(args.path);
              return lazyChunks.has(name) && !inside.has(name)
                ? { path: `../chunks/${name}`, external: true }
                : { path: resolve(args.resolveDir, args.path) };
            });
          },
        },
      ],
    });
    shareInlinedChunks(join(packs, `${module}.cjs`));
    for (const name of names) commands[name] = `${module}.cjs`;
  }
  writeFileSync(join(packs, 'commands.json'), `${JSON.stringify(commands)}\n`);
}

/**
 * A chunk a pack leaves out (a service the core opens on demand) is required from
 * dist/cli/chunks when it runs, and requires the chunks it shares with the pack by their
 * paths there. Node would load those files a second time: a second src/shared/errors.ts, whose
 * BerthError no `instanceof` in the pack knows, so a failure would lose its code. So the pack
 * puts each chunk it holds in require.cache under that chunk's own path (documented as
 * Node's module cache: a module found there is not loaded again), its exports read from the
 * pack's copy on first use. esbuild names each inlined CommonJS module's loader
 * `require_<name>=__commonJS({"<path>"…`; the names are read from the output, and a build
 * where none are found fails here rather than at run time.
 */
function shareInlinedChunks(packFile) {
  const text = readFileSync(packFile, 'utf8');
  const loaders = [
    ...text.matchAll(/(require_[\w$]+)=__commonJS\(\{"[^"]*[\\/]chunks[\\/]([\w.-]+\.cjs)"/g),
  ].map(([, loader, chunk]) => `[${JSON.stringify(chunk)},${loader}]`);
  if (loaders.length === 0) throw new Error(`cli-build: no inlined chunks found in ${packFile}`);
  const register =
    ';(()=>{const M=module.constructor,P=require("node:path"),d=P.join(P.dirname(__filename),"..","chunks");' +
    `for(const[n,l]of[${loaders.join(',')}]){const f=P.join(d,n);if(require.cache[f])continue;` +
    'const m=new M(f,module);m.filename=f;m.loaded=true;' +
    'Object.defineProperty(m,"exports",{get:l,configurable:true});require.cache[f]=m}})();\n';
  const mapComment = text.lastIndexOf('//# sourceMappingURL=');
  writeFileSync(packFile, text.slice(0, mapComment) + register + text.slice(mapComment));
}
