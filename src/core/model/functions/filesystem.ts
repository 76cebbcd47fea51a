/**
 * Filesystem functions. The checker also runs on untrusted workspaces, so `file()` and its
 * relatives read only REGULAR files inside the calling module's folder or the root module's folder
 * (Terraform resolves relative paths from the root), at most `MAX_READ_BYTES`, never following a
 * link out of those folders and never opening FIFOs or devices (the type is checked before opening,
 * the file is opened non-blocking and re-checked, the read is bounded). Anything else is unknown,
 * with one info finding naming the path. What is read is marked as coming from the file, so no
 * message ever prints it (values.ts `marks`).
 */
import * as fs from 'fs';
import * as nodePath from 'path';
import type { Expression } from '../../hcl/ast';
import type { Configuration } from '../config';
import { withMarks, type Value } from '../values';
import { renderTemplateText } from './templates';
import { arity, asText, fail, list, Stop, str, type CallContext, type FunctionSpec } from './support';

/** The most a file function reads from one file. */
export const MAX_READ_BYTES = 4 * 1024 * 1024;
const MAX_FILESET_ENTRIES = 10_000;
const MAX_FILESET_DEPTH = 32;

const reported = new WeakMap<Configuration, Set<string>>();

/** The folder relative paths start from (the root module's, as Terraform's working directory). */
function baseDir(context: CallContext): string {
  return context.module.root.dir ?? context.module.dir ?? '.';
}

function realOrSelf(path: string): string {
  try {
    return fs.realpathSync(path);
  } catch {
    return nodePath.resolve(path);
  }
}

/** The folders file functions may read inside (real paths). */
function allowedRoots(context: CallContext): string[] {
  const roots = new Set<string>();
  for (const dir of [context.module.dir, context.module.root.dir]) if (dir) roots.add(realOrSelf(dir));
  return [...roots];
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(nodePath.sep) ? root : root + nodePath.sep);
}

const fileOfExpression = new WeakMap<Expression, string | undefined>();

/** The file (of the calling module) whose text contains the expression, for the finding's location (searched once per expression). */
function fileOf(context: CallContext, expr: Expression | undefined): string | undefined {
  if (!expr) return undefined;
  if (fileOfExpression.has(expr)) return fileOfExpression.get(expr);
  const file = searchFileOf(context, expr);
  fileOfExpression.set(expr, file);
  return file;
}

function searchFileOf(context: CallContext, expr: Expression): string | undefined {
  const seen = new Set<unknown>();
  const search = (node: unknown, depth: number): boolean => {
    if (node === expr) return true;
    if (!node || typeof node !== 'object' || depth > 400 || seen.has(node)) return false;
    seen.add(node);
    for (const child of Object.values(node as Record<string, unknown>))
      if (child && typeof child === 'object' && search(child, depth + 1)) return true;
    return false;
  };
  for (const file of context.module.files) if (search(file.body, 0)) return file.path;
  return undefined;
}

/** Ends the call as unknown, with one info finding (per place) saying which path was refused and why. */
function refuse(context: CallContext, label: string, why: string): never {
  const configuration = context.module.configuration;
  const expr = context.argExprs[0];
  const file = fileOf(context, expr) ?? context.module.files[0]?.path ?? '';
  const key = `${file}:${expr?.range.start.offset ?? -1}:${label}`;
  let seen = reported.get(configuration);
  if (!seen) reported.set(configuration, (seen = new Set()));
  if (!seen.has(key)) {
    seen.add(key);
    configuration.problems.push({
      kind: 'unreadable',
      severity: 'info',
      message: `${label}: ${why}; the checker treats its value as unknown.`,
      file,
      range: expr?.range ?? null,
      module: context.module.path,
    });
  }
  throw new Stop({ kind: 'unknown', reason: `${label} was not read (${why})` });
}

/** The call as the finding and the value's mark name it: `file("defs.json")` (paths inside the root relative to it). */
function callLabel(name: string, path: string, context?: CallContext): string {
  const root = context?.module.root.dir;
  const shown =
    root && nodePath.isAbsolute(path) && inside(nodePath.resolve(path), nodePath.resolve(root))
      ? nodePath.relative(root, path) || '.'
      : path;
  return `${name}(${JSON.stringify(shown)})`;
}

interface Located {
  real: string;
  stat: fs.Stats;
}

/** Resolves and vets a path; undefined when it does not exist. */
function locate(context: CallContext, path: string, label: string): Located | undefined {
  if (path.includes('\0')) fail('path contains a NUL character');
  if (path.startsWith('~')) throw new Stop({ kind: 'unknown', reason: `${label} depends on the home folder` });
  const full = nodePath.resolve(baseDir(context), path);
  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return refuse(context, label, `it cannot be resolved (${code ?? 'error'})`);
  }
  if (!allowedRoots(context).some((root) => inside(real, root)))
    refuse(context, label, 'the path is outside the module\u2019s folder and the root module\u2019s folder');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch {
    return undefined;
  }
  return { real, stat };
}

/** Reads a regular file within the limits, as bytes. */
export function readVetted(context: CallContext, pathValue: Value | undefined, name: string): { bytes: Buffer; label: string } {
  const path = asText(pathValue, 'path');
  const label = callLabel(name, path, context);
  const located = locate(context, path, label);
  if (!located) return fail(`${label}: no such file`);
  const { real, stat } = located;
  if (stat.isDirectory()) fail(`${label}: is a folder`);
  if (!stat.isFile()) refuse(context, label, 'it is not a regular file (a pipe, socket or device)');
  if (stat.size > MAX_READ_BYTES) refuse(context, label, `it is larger than ${MAX_READ_BYTES / 1048576} MB`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0));
    const opened = fs.fstatSync(fd);
    if (!opened.isFile() || opened.ino !== stat.ino || opened.dev !== stat.dev) refuse(context, label, 'it changed while being opened');
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_READ_BYTES) refuse(context, label, `it is larger than ${MAX_READ_BYTES / 1048576} MB`);
      chunks.push(Buffer.from(buffer.subarray(0, n)));
    }
    return { bytes: Buffer.concat(chunks), label };
  } catch (error) {
    if (error instanceof Stop) throw error;
    return refuse(context, label, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Reads a file as UTF-8 text. */
export function readVettedText(context: CallContext, pathValue: Value | undefined, name: string): { text: string; label: string } {
  const { bytes, label } = readVetted(context, pathValue, name);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), label };
  } catch {
    return fail(`${label}: contents are not valid UTF-8 (use filebase64)`);
  }
}

// --- Go's path/filepath semantics ---

function clean(path: string): string {
  if (path === '') return '.';
  const normal = nodePath.posix.normalize(path);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

function goBase(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function goDir(path: string): string {
  const i = path.lastIndexOf('/');
  return clean(path.slice(0, i + 1));
}

// --- fileset globbing (doublestar: `*`, `**`, `?`, `[...]`, `{a,b}`) ---

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slash = pattern[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) fail('fileset: malformed pattern');
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!') || body.startsWith('^')) body = '^' + body.slice(1);
      re += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = end;
    } else if (c === '{') {
      const end = pattern.indexOf('}', i + 1);
      if (end < 0) fail('fileset: malformed pattern');
      re +=
        '(?:' +
        pattern
          .slice(i + 1, end)
          .split(',')
          .map((alt) =>
            alt
              .replace(/[.+^$()|\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]'),
          )
          .join('|') +
        ')';
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) re += '\\' + pattern[++i];
    else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

function fileset(context: CallContext, base: string, pattern: string): string[] {
  const label = `fileset(${JSON.stringify(base)}, ${JSON.stringify(pattern)})`;
  const located = locate(context, base, label);
  if (!located || !located.stat.isDirectory()) return [];
  const roots = allowedRoots(context);
  const matcher = globToRegExp(clean(pattern).replace(/^\.\//, ''));
  const out: string[] = [];
  let entries = 0;
  const walk = (dir: string, rel: string, depth: number): void => {
    if (depth > MAX_FILESET_DEPTH) refuse(context, label, 'the folder tree is too deep');
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of names) {
      if (++entries > MAX_FILESET_ENTRIES) refuse(context, label, `more than ${MAX_FILESET_ENTRIES} entries`);
      const full = nodePath.join(dir, entry.name);
      const relative = rel ? `${rel}/${entry.name}` : entry.name;
      let isFile = entry.isFile();
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        const real = realOrSelf(full);
        if (!roots.some((root) => inside(real, root))) continue;
        try {
          const st = fs.statSync(real);
          isFile = st.isFile();
          isDir = st.isDirectory() && !inside(located.real, real);
        } catch {
          continue;
        }
      }
      if (isFile && matcher.test(relative)) out.push(relative);
      else if (isDir) walk(full, relative, depth + 1);
    }
  };
  walk(located.real, '', 0);
  return out.sort();
}

/** Filesystem functions by name. */
export const FILESYSTEM_FUNCTIONS: Record<string, FunctionSpec> = {
  file: {
    fn: (args, context) => {
      arity(args, 1);
      const { text, label } = readVettedText(context, args[0], 'file');
      return withMarks(str(text), { file: label });
    },
  },
  filebase64: {
    fn: (args, context) => {
      arity(args, 1);
      const { bytes, label } = readVetted(context, args[0], 'filebase64');
      return withMarks(str(bytes.toString('base64')), { file: label });
    },
  },
  fileexists: {
    fn: (args, context) => {
      arity(args, 1);
      const path = asText(args[0], 'path');
      const label = callLabel('fileexists', path, context);
      const located = locate(context, path, label);
      if (!located) return { kind: 'bool', value: false };
      if (located.stat.isDirectory()) fail(`${label}: is a folder`);
      return { kind: 'bool', value: located.stat.isFile() };
    },
  },
  fileset: {
    fn: (args, context) => {
      arity(args, 2);
      return list(fileset(context, asText(args[0], 'path'), asText(args[1], 'pattern')).map(str));
    },
  },
  templatefile: {
    fn: (args, context) => {
      arity(args, 2);
      const { text, label } = readVettedText(context, args[0], 'templatefile');
      return withMarks(renderTemplateText(text, args[1], context, label), { file: label });
    },
  },
  abspath: {
    fn: (args, context) => {
      arity(args, 1);
      const path = asText(args[0], 'path');
      return str(clean(nodePath.posix.isAbsolute(path) ? path : nodePath.posix.join(baseDir(context), path)));
    },
  },
  basename: { fn: (args) => (arity(args, 1), str(goBase(asText(args[0], 'path')))) },
  dirname: { fn: (args) => (arity(args, 1), str(goDir(asText(args[0], 'path')))) },
  pathexpand: {
    fn: (args) => {
      arity(args, 1);
      const path = asText(args[0], 'path');
      if (path === '~' || path.startsWith('~/')) throw new Stop({ kind: 'unknown', reason: 'pathexpand() depends on the home folder' });
      return str(path);
    },
  },
};
