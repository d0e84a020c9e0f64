/**
 * The one pdfmake instance of the process, loaded through `require`.
 *
 * pdfmake 0.3's Node entry is CommonJS that assigns `module.exports = new pdfmake()`; an ESM
 * `import` of it gets no named exports, so it is required. fontkit is required from pdfkit's
 * own location so that pdf/fonts.ts registers its cached-font format on the very module
 * instance pdfkit parses fonts with (a second copy would have its own format list).
 */
import { createRequire } from 'node:module';

export type Pdfmake = typeof import('pdfmake') & {
  /** Server-side virtual file system (not in @types/pdfmake): fonts are served from it. */
  virtualfs: { writeFileSync(name: string, content: Buffer): void; existsSync(name: string): boolean };
};

/** The subset of fontkit 2 used here (fontkit ships no types). */
export interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  path: { toSVG(): string };
}

export interface FontkitFont {
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  numGlyphs: number;
  hasGlyphForCodePoint(codePoint: number): boolean;
  glyphForCodePoint(codePoint: number): FontkitGlyph;
}

export interface FontkitCollection {
  fonts: FontkitFont[];
  getFont(postscriptName: string): FontkitFont | null;
}

export interface FontkitFormat {
  probe(buffer: Uint8Array): boolean;
}

export interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): FontkitFont | FontkitCollection;
  registerFormat(format: FontkitFormat): void;
}

const requireCjs = createRequire(import.meta.url);

let loaded: { pdfmake: Pdfmake; fontkit: Fontkit } | null = null;
let allowedLocalFiles = new Set<string>();

function load(): { pdfmake: Pdfmake; fontkit: Fontkit } {
  if (loaded !== null) return loaded;
  const pdfmakePath = requireCjs.resolve('pdfmake');
  const pdfmake = requireCjs(pdfmakePath) as Pdfmake;
  const pdfkitPath = createRequire(pdfmakePath).resolve('pdfkit');
  const fontkit = createRequire(pdfkitPath)('fontkit') as Fontkit;
  // An offline app prints only what it was given: no fetching of URLs named in a document,
  // and no reading of local files except the font files registered by pdf/fonts.ts.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => allowedLocalFiles.has(path));
  loaded = { pdfmake, fontkit };
  return loaded;
}

export function getPdfmake(): Pdfmake {
  return load().pdfmake;
}

export function getFontkit(): Fontkit {
  return load().fontkit;
}

/** Lets pdfmake read these font files by path (used by the bare-pdfmake baseline of the bench). */
export function allowLocalFontFiles(paths: readonly string[]): void {
  load();
  allowedLocalFiles = new Set([...allowedLocalFiles, ...paths]);
}
