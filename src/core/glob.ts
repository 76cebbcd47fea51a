/**
 * Glob patterns for `--exclude` and the config file's `exclude`: `**` any number of folders, `*` any
 * characters but `/`, `?` one such character, `{a,b}` alternatives. A pattern without a `/` matches a
 * file or folder name at any depth (as .gitignore does); a folder match excludes everything inside it.
 */
import * as nodePath from 'path';

function globToRegExpSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map(globToRegExpSource)
          .join('|')})`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return out;
}

/** A matcher for repository-relative paths (forward slashes) against any of the patterns. */
export function globMatcher(patterns: string[]): (relativePath: string) => boolean {
  const expressions = patterns.map((raw) => {
    let pattern = raw.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    const anchored = pattern.includes('/');
    if (pattern.startsWith('/')) pattern = pattern.slice(1);
    const source = globToRegExpSource(pattern);
    return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${source}(?:/.*)?$`);
  });
  return (relativePath) => {
    const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
    return expressions.some((e) => e.test(path));
  };
}

/** A test for absolute file paths: true when the path relative to `base` matches one of the patterns (never for files outside `base`). */
export function excludeMatcher(patterns: string[], base: string): (file: string) => boolean {
  if (patterns.length === 0) return () => false;
  const match = globMatcher(patterns);
  return (file) => {
    const rel = nodePath.relative(base, file).split(nodePath.sep).join('/');
    return rel !== '' && !rel.startsWith('../') && !nodePath.isAbsolute(rel) && match(rel);
  };
}
