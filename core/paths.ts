import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or unpacked app) root: the folder holding package.json. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where `npm run build` puts the renderer; DUCHA_RENDERER_DIR overrides it. */
export function rendererDir(): string {
  return process.env.DUCHA_RENDERER_DIR ?? path.join(PROJECT_ROOT, 'dist', 'renderer');
}

export function rendererIsBuilt(dir = rendererDir()): boolean {
  return fs.existsSync(path.join(dir, 'index.html'));
}
