#!/usr/bin/env node
// Makes a release tag the GitHub Action can run from. A workflow's `uses: private-ecr-pull/private-ecr-pull@v1`
// checks out the tag and runs scripts/github-action.mjs, which needs the bundled checker in dist/ — and dist/
// is not committed on the branches (.gitignore). This script builds dist/, then writes a commit whose tree is
// HEAD's plus the built dist/ files (source maps left out) on top of HEAD, and tags it. The current branch,
// index and working tree are not touched; nothing is pushed.
//
//   node scripts/release-action.mjs v1.2.0 [--force]     then: git push origin v1.2.0  (and move v1 if you keep one)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const force = args.includes('--force');
const tag = args.find((a) => !a.startsWith('--'));

function die(message) {
  process.stderr.write(`release-action: ${message}\n`);
  process.exit(2);
}

function git(gitArgs, env = {}) {
  const run = spawnSync('git', gitArgs, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  if (run.status !== 0) die(`git ${gitArgs.join(' ')} failed: ${(run.stderr || run.stdout).trim()}`);
  return run.stdout.trim();
}

if (!tag) die('usage: node scripts/release-action.mjs <tag> [--force]');
if (spawnSync('git', ['check-ref-format', `refs/tags/${tag}`], { cwd: root }).status !== 0) die(`"${tag}" is not a valid tag name`);
if (git(['status', '--porcelain', '--untracked-files=no']) !== '')
  die('commit or stash your changes first: the release is built from HEAD');
if (!force && spawnSync('git', ['rev-parse', '-q', '--verify', `refs/tags/${tag}`], { cwd: root }).status === 0)
  die(`tag ${tag} exists (use --force to move it)`);

// The same bundles `npm pack` ships (the prepack step).
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (build.status !== 0) die('the build failed');

const files = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.isFile() && !entry.name.endsWith('.map')) files.push(path.relative(root, full).split(path.sep).join('/'));
  }
};
walk(path.join(root, 'dist'));
if (!files.includes('dist/cli.js')) die('dist/cli.js was not built');

// A private index: HEAD's tree plus dist/, so the user's index stays as it is.
const index = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'private-ecr-release-')), 'index');
const env = { GIT_INDEX_FILE: index };
try {
  git(['read-tree', 'HEAD'], env);
  git(['add', '--force', '--', ...files], env);
  const tree = git(['write-tree'], env);
  const head = git(['rev-parse', 'HEAD']);
  const identity = {
    GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME || git(['config', '--default', 'private-ecr release', 'user.name']),
    GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL || git(['config', '--default', 'release@private-ecr-pull.invalid', 'user.email']),
  };
  const commit = git(['commit-tree', tree, '-p', head, '-m', `Release ${tag}: the bundled checker in dist/ for the GitHub Action`], {
    ...identity,
    GIT_COMMITTER_NAME: identity.GIT_AUTHOR_NAME,
    GIT_COMMITTER_EMAIL: identity.GIT_AUTHOR_EMAIL,
  });
  git(['tag', ...(force ? ['--force'] : []), tag, commit]);
  process.stdout.write(
    `tagged ${tag} at ${commit.slice(0, 12)} (HEAD ${head.slice(0, 12)} plus ${files.length} files of dist/); push it with: git push origin ${tag}\n`,
  );
} finally {
  fs.rmSync(path.dirname(index), { recursive: true, force: true });
}
