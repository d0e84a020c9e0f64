import path from 'node:path';

/**
 * Maps a URL path to a file inside `root`, or null when it would escape it
 * (`..`, encoded `%2e%2e`, backslashes, NUL, absolute paths, drive letters).
 * Shared by the browser host and Electron's app:// protocol handler.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split(/[?#]/, 1)[0] ?? '');
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (/^[a-zA-Z]:/.test(decoded.replace(/^\/+/, ''))) return null;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return null;
  const absRoot = path.resolve(root);
  const target = path.resolve(absRoot, ...segments);
  const rel = path.relative(absRoot, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return target;
}
