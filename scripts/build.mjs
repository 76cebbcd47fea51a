#!/usr/bin/env node
// Bundles the extension and the CLI with esbuild, and (with --integration-tests) the integration suites.
//
//   node scripts/build.mjs                      dist/extension.js, dist/cli.js, dist/live.js (AWS SDK, verify),
//                                               dist/main.wasm.gz (hcl2json), notices
//   node scripts/build.mjs --integration-tests  out/test/integration/<suite>/index.js for every suite
//   node scripts/build.mjs --minify             same as the first, minified (smaller .vsix, faster load)
//
// Type checking is separate (`npm run typecheck`): esbuild only strips types.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));
const distDir = path.join(repoRoot, 'dist');

/** File name of hcl2json's WebAssembly next to the bundles in dist/. */
export const hcl2jsonWasmName = 'main.wasm.gz';

/**
 * src/core/hcl/hcl2json.ts starts hcl2json's Go WebAssembly itself and looks for dist/main.wasm.gz first.
 * Should anything import the package's own loader instead, that reads `join(__dirname, "..", "main.wasm.gz")`,
 * which inside a bundle points above dist/: this plugin rewrites the expression to dist/main.wasm.gz, and
 * fails the build loudly when an upgrade changes that code (rather than shipping a bundle that cannot parse).
 */
const hcl2jsonWasmLocationPlugin = {
  name: 'hcl2json-wasm-location',
  setup(build) {
    build.onLoad({ filter: /[\\/]@cdktf[\\/]hcl2json[\\/]lib[\\/]bridge\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const original = '(0, path_1.join)(__dirname, "..", "main.wasm.gz")';
      const occurrences = source.split(original).length - 1;
      if (occurrences !== 1) {
        return {
          errors: [
            {
              text: `expected exactly one \`${original}\` in ${args.path}, found ${occurrences}; the WebAssembly loader of @cdktf/hcl2json changed, update scripts/build.mjs`,
            },
          ],
        };
      }
      return { contents: source.replace(original, `(0, path_1.join)(__dirname, ${JSON.stringify(hcl2jsonWasmName)})`), loader: 'js' };
    });
  },
};

/** File name of the live check's bundle (src/live.ts: AWS SDK, reader, `verify`) next to the others in dist/. */
export const liveBundleName = 'live.js';

/**
 * src/load-live.ts requires './live' on first use of the live check. Inside a bundle that require must stay a
 * run-time require of dist/live.js, so the static bundles (cli, extension, worker) carry no AWS SDK code.
 */
const liveBundleSplitPlugin = {
  name: 'live-bundle-split',
  setup(build) {
    build.onResolve({ filter: /^\.\/live$/ }, (args) => {
      if (path.resolve(args.importer) !== path.join(repoRoot, 'src', 'load-live.ts')) return undefined;
      return { path: `./${liveBundleName}`, external: true };
    });
  },
};

/** Options shared by every bundle: Node 20 CommonJS, `vscode` supplied by the host. */
const commonOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // `performance` is only required by Go's wasm_exec shim on Node versions without a global `performance`
  // (older than 16); it is not a package, so leave the require alone instead of failing to resolve it.
  external: ['vscode', 'performance'],
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [hcl2jsonWasmLocationPlugin, liveBundleSplitPlugin],
};

/**
 * Writes dist/THIRD-PARTY-NOTICES.txt: every bundled package with its version and licence, and each distinct
 * licence text once (the AWS SDK alone is dozens of packages under the same Apache-2.0 text).
 */
function writeThirdPartyNotices(metafiles, outDir) {
  const packageDirs = new Map();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input.split(path.sep).join('/'));
      if (!match) continue;
      const packageDir = path.join(repoRoot, input.slice(0, match.index + match[0].length));
      if (!packageDirs.has(packageDir)) packageDirs.set(packageDir, match[1]);
    }
  }
  const packagesByLicenseText = new Map();
  for (const [packageDir, name] of [...packageDirs].sort((a, b) => a[1].localeCompare(b[1]))) {
    const manifestPath = path.join(packageDir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const licenseFile = readdirSync(packageDir).find((file) => /^(licen[cs]e|copying)(\.|$)/i.test(file));
    const licenseText = licenseFile
      ? readFileSync(path.join(packageDir, licenseFile), 'utf8').trim()
      : `(the package ships no licence file; its package.json says ${manifest.license ?? 'nothing'})`;
    const entry = `${name} ${manifest.version} (${manifest.license ?? 'licence: see below'})`;
    packagesByLicenseText.set(licenseText, [...(packagesByLicenseText.get(licenseText) ?? []), entry]);
  }
  const sections = [...packagesByLicenseText].map(([licenseText, entries]) => `${entries.join('\n')}\n${'-'.repeat(72)}\n${licenseText}`);
  const header =
    'Private ECR Pull bundles the following packages into dist/. Their licences follow.\n' +
    '@cdktf/hcl2json is MPL-2.0: its source is at https://github.com/hashicorp/terraform-cdk (packages/@cdktf/hcl2json).\n';
  writeFileSync(path.join(outDir, 'THIRD-PARTY-NOTICES.txt'), `${header}\n${sections.join('\n\n\n')}\n`);
  return packageDirs.size;
}

/** The bundles in dist/. Only `live` may contain AWS SDK code; the others load it through src/load-live.ts. */
export const distEntries = [
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/vscode/analysis-worker.ts', out: 'analysis-worker' },
  { in: 'src/cli.ts', out: 'cli' },
  { in: 'src/live.ts', out: 'live' },
];

/** The browser bundle (package.json `browser`): dist/web/extension.js, for the web worker extension host. */
export const webEntry = { in: 'src/web/extension.ts', out: 'web/extension' };

/** Node built-in modules: none may remain in the browser bundle. */
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * The browser bundle's stand-ins for the Node modules the core imports (src/web/node-shims/): POSIX
 * paths, the workspace copy for the few direct file reads, and "unknown in the browser" for hashes,
 * RSA and gzip. A Node built-in without a stand-in fails the build here, naming the importer.
 */
const webShims = {
  path: 'src/web/node-shims/path.ts',
  fs: 'src/web/node-shims/fs.ts',
  crypto: 'src/web/node-shims/crypto.ts',
  zlib: 'src/web/node-shims/unavailable.ts',
  v8: 'src/web/node-shims/unavailable.ts',
};
const webShimPlugin = {
  name: 'web-node-shims',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!nodeBuiltins.has(name)) return undefined;
      if (webShims[name]) return { path: path.join(repoRoot, webShims[name]) };
      return {
        errors: [
          {
            text: `the browser bundle cannot use the Node module "${args.path}" (imported by ${path.relative(repoRoot, args.importer)}); add a stand-in to src/web/node-shims/ or keep it out of the web build`,
          },
        ],
      };
    });
  },
};

/**
 * hcl2json in the browser build. src/core/hcl/hcl2json.ts drives the Go program through one module,
 * ./hcl2json-start (Node: fs, zlib and the stock wasm_exec.js on the global object); the browser build
 * takes src/web/hcl2json-start.ts instead. That one imports Go's wasm_exec.js, which this plugin turns
 * into a function whose `globalThis`, `self`, `window` and `global` are parameters: the runtime then
 * installs `Go`, `fs` and `process` on the private object it is given, never on the web worker's global
 * object that every web extension shares. Its one free use of `fs` (Go's stdout/stderr) is bound to that
 * object's `fs`; its other free names (crypto, performance, setTimeout, TextEncoder ...) are only read.
 */
export const wasmExecParameters = ['globalThis', 'self', 'window', 'global'];
const webHcl2jsonPlugin = {
  name: 'web-hcl2json',
  setup(build) {
    build.onResolve({ filter: /^\.\/hcl2json-start$/ }, (args) => {
      if (path.relative(repoRoot, args.importer).split(path.sep).join('/') !== 'src/core/hcl/hcl2json.ts') return undefined;
      return { path: path.join(repoRoot, 'src', 'web', 'hcl2json-start.ts') };
    });
    build.onLoad({ filter: /[\\/]@cdktf[\\/]hcl2json[\\/]wasm[\\/]wasm_exec\.js$/ }, (args) => ({
      // Go's stdout/stderr go through a free `fs` (runtime.wasmWrite): bind it to the `fs` the runtime installs on its global object.
      contents: `export default function runWasmExec(${wasmExecParameters.join(', ')}) {\nconst fs = { writeSync: (fd, buffer) => globalThis.fs.writeSync(fd, buffer) };\n${readFileSync(args.path, 'utf8')}\n}\n`,
      loader: 'js',
    }));
  },
};

/** esbuild options of code that runs in the browser build: browser platform, CommonJS, the Node stand-ins. */
export function webBundleOptions() {
  return {
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    external: ['vscode'],
    inject: [path.join(repoRoot, 'src', 'web', 'node-shims', 'buffer.ts')],
    logLevel: 'warning',
    plugins: [webShimPlugin, webHcl2jsonPlugin],
  };
}

/**
 * Builds dist/web/extension.js (CommonJS, as the web worker extension host loads it; no Node built-ins,
 * `Buffer` from src/web/node-shims/buffer.ts) and checks that neither the inputs nor the output name a
 * Node module. Returns the metafile and the output size.
 */
export async function buildWeb({ minify = false, outDir = distDir } = {}) {
  const outfile = path.join(outDir, `${webEntry.out}.js`);
  const result = await esbuild.build({
    ...webBundleOptions(),
    entryPoints: [webEntry.in],
    outfile,
    sourcemap: 'linked',
    sourcesContent: false,
    minify,
    metafile: true,
  });
  const problems = checkWebBundle(result.metafile, readFileSync(outfile, 'utf8'));
  if (problems.length > 0) throw new Error(`dist/${webEntry.out}.js is not a browser bundle: ${problems.join('; ')}`);
  return { metafile: result.metafile, bytes: statSync(outfile).size, gzipBytes: gzipSync(readFileSync(outfile)).length };
}

/** Why a browser bundle would fail in a web worker: Node modules it imports or requires, AWS SDK code, hcl2json's Node loader. */
export function checkWebBundle(metafile, text) {
  const problems = [];
  for (const [output, info] of Object.entries(metafile.outputs)) {
    for (const entry of info.imports ?? [])
      if (entry.external && entry.path !== 'vscode') problems.push(`${output} imports "${entry.path}"`);
  }
  const sdk = awsSdkInputs(metafile);
  if (sdk.length > 0) problems.push(`it bundles AWS SDK code (${sdk[0]})`);
  // hcl2json's Node loader (its lib/, or our Node starter) needs Node; only the runtime the web starter wraps may be in.
  const hcl2json = Object.keys(metafile.inputs).filter((input) =>
    /(?:^|\/)node_modules\/@cdktf\/hcl2json\/(?!wasm\/wasm_exec\.js$)|(?:^|\/)src\/core\/hcl\/hcl2json-start\.ts$/.test(
      input.split(path.sep).join('/'),
    ),
  );
  if (hcl2json.length > 0) problems.push(`it bundles hcl2json's Node loader (${hcl2json[0]}), which needs Node`);
  for (const match of text.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
    if (match[1] !== 'vscode') problems.push(`it requires "${match[1]}" at run time`);
  }
  return problems;
}

/** Inputs of a bundle's metafile that belong to an `@aws-sdk/*` package. */
export function awsSdkInputs(metafile) {
  return Object.keys(metafile.inputs).filter((input) => /(?:^|\/)node_modules\/@aws-sdk\//.test(input.split(path.sep).join('/')));
}

/**
 * Bundles src/extension.ts, its analysis worker, src/cli.ts and the live check (src/live.ts) into dist/ (or
 * `outDir`) and puts hcl2json's WebAssembly beside them. Fails when a bundle other than live.js contains AWS
 * SDK code. Returns the file names, the notice count and each bundle's metafile by name.
 */
export async function buildDist({ minify = false, outDir = distDir } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const results = await Promise.all(
    distEntries.map((entry) =>
      esbuild.build({
        ...commonOptions,
        absWorkingDir: repoRoot,
        entryPoints: [{ in: entry.in, out: entry.out }],
        outdir: outDir,
        minify,
        metafile: true,
      }),
    ),
  );
  const metafiles = Object.fromEntries(distEntries.map((entry, index) => [entry.out, results[index].metafile]));
  for (const entry of distEntries) {
    const sdk = entry.out === 'live' ? [] : awsSdkInputs(metafiles[entry.out]);
    if (sdk.length > 0)
      throw new Error(
        `dist/${entry.out}.js bundles AWS SDK code (${sdk[0]} and ${sdk.length - 1} more); only dist/${liveBundleName} may: load it through src/load-live.ts`,
      );
  }
  const web = await buildWeb({ minify, outDir });
  metafiles.web = web.metafile;
  const hcl2jsonRoot = path.dirname(requireFromRepo.resolve('@cdktf/hcl2json/package.json'));
  copyFileSync(path.join(hcl2jsonRoot, 'main.wasm.gz'), path.join(outDir, hcl2jsonWasmName));
  const noticeCount = writeThirdPartyNotices([...results.map((result) => result.metafile), web.metafile], outDir);
  return { outputs: readdirSync(outDir).sort(), noticeCount, metafiles, web: { bytes: web.bytes, gzipBytes: web.gzipBytes } };
}

/** The integration suites: every test/integration/suites/<name>/index.ts. */
export function listIntegrationSuites() {
  const suitesDir = path.join(repoRoot, 'test', 'integration', 'suites');
  if (!existsSync(suitesDir)) return [];
  return readdirSync(suitesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(suitesDir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** Options for code that runs inside the extension host next to the tests (mocha bundled, `vscode` external). */
function extensionHostScriptOptions(entry, outfile) {
  return {
    ...commonOptions,
    absWorkingDir: repoRoot,
    entryPoints: [entry],
    outfile,
    // Mocha's optional loaders (ESM, parallel mode, reporters by path) use requires esbuild cannot
    // follow; the suites use none of them.
    logOverride: {
      'unsupported-require-call': 'silent',
      'unsupported-dynamic-import': 'silent',
      'require-resolve-not-external': 'silent',
    },
  };
}

/** Bundles one script that the harness loads as `extensionTestsPath` (e.g. the screenshot or bench driver). */
export async function bundleExtensionHostScript(entry, outfile) {
  await esbuild.build(extensionHostScriptOptions(path.resolve(repoRoot, entry), path.resolve(repoRoot, outfile)));
  return path.resolve(repoRoot, outfile);
}

/**
 * Which extension host a suite runs in: `node` (the default), or `web` when its folder has a suite.json
 * saying `"extensionHost": "web"` (the browser build, in the web worker extension host).
 */
export function suiteExtensionHost(suite) {
  const file = path.join(repoRoot, 'test', 'integration', 'suites', suite, 'suite.json');
  if (!existsSync(file)) return 'node';
  return JSON.parse(readFileSync(file, 'utf8')).extensionHost === 'web' ? 'web' : 'node';
}

/** Options for a suite that runs in the web worker extension host: browser platform, mocha's browser build. */
function webSuiteOptions(entry, outfile) {
  return {
    absWorkingDir: repoRoot,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  };
}

/**
 * Bundles each suite index (tests and mocha included, `vscode` external) into
 * out/test/integration/<suite>/index.js, a CommonJS module exporting `run()` that both the code-server
 * harness and @vscode/test-electron load.
 */
export async function buildIntegrationSuites(suites = listIntegrationSuites()) {
  const outRoot = path.join(repoRoot, 'out', 'test', 'integration');
  rmSync(outRoot, { recursive: true, force: true });
  await Promise.all(
    suites.map((suite) =>
      esbuild.build(
        (suiteExtensionHost(suite) === 'web' ? webSuiteOptions : extensionHostScriptOptions)(
          path.join('test', 'integration', 'suites', suite, 'index.ts'),
          path.join(outRoot, suite, 'index.js'),
        ),
      ),
    ),
  );
  return suites.map((suite) => path.join(outRoot, suite, 'index.js'));
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => !['--integration-tests', '--minify'].includes(arg));
  if (unknown.length > 0) {
    console.error(`build.mjs: unknown option ${unknown.join(' ')}. Options: --integration-tests, --minify`);
    process.exit(2);
  }
  const startedAt = Date.now();
  if (args.includes('--integration-tests')) {
    const files = await buildIntegrationSuites();
    console.log(
      `build: ${files.length} integration suite(s) -> ${files.map((file) => path.relative(repoRoot, file)).join(', ')} (${Date.now() - startedAt} ms)`,
    );
    return;
  }
  const { outputs, noticeCount, web } = await buildDist({ minify: args.includes('--minify') });
  console.log(`build: dist/{${outputs.join(',')}} (${noticeCount} bundled packages noticed, ${Date.now() - startedAt} ms)`);
  console.log(
    `build: dist/${webEntry.out}.js ${(web.bytes / 1024).toFixed(1)} KiB (${(web.gzipBytes / 1024).toFixed(1)} KiB gzipped), no Node built-ins`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    // esbuild has already printed its diagnostics; this is the one-line verdict.
    console.error(`build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    process.exit(1);
  });
}
