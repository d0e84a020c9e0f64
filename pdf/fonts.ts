/**
 * Fonts of the printed documents: Noto Serif SC (思源宋体) from npm, then fallbacks for the
 * characters it lacks, each file read and parsed ONCE per process.
 *
 * Why the parsed-font cache: pdfmake hands pdfkit a font *file* for every document, and
 * pdfkit runs `fontkit.create` on it each time, re-parsing the 15 MB TrueType tables (cmap,
 * GSUB/GPOS, hmtx, glyf) per render. We register a tiny fontkit "format" (fontkit's public
 * extension point) that recognises a marker buffer and returns the already parsed font.
 * pdfmake reads the marker from its virtual file system, so every document shares one
 * parsed font while pdfkit still builds its own per-document subset.
 *
 * Coverage (checked with fontkit's hasGlyphForCodePoint): Noto Serif SC covers all of CJK
 * Unified Ideographs and Extension A (喆 堃 龑 镕 䶮 …) but only 52 characters of
 * Extension B, e.g. not 𠮷 (U+20BB7) or 𡈼 (U+2123C). The chain goes on with the other
 * Noto Serif CJK cuts from npm — TC (1,705 Extension B characters, 𡈼 among them) and JP
 * (𠮷) — then operating-system fonts with wider Extension B coverage (Debian's
 * fonts-noto-cjk, Windows' SimSun-ExtB). No npm package found covers all of Extension B;
 * a character no font has prints as a visible 〓 and is reported (see pdf/text.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { TFontDictionary } from 'pdfmake/interfaces';
import { allowLocalFontFiles, getFontkit, getPdfmake, type FontkitCollection, type FontkitFont } from './pdfmake';

export interface FontFile {
  path: string;
  /** Face to pick from a TrueType collection (.ttc). */
  postscriptName?: string;
}

export interface FontSource {
  /** pdfmake font family name used in document definitions. */
  family: string;
  /** Human-readable name for reports. */
  label: string;
  regular: FontFile;
  /** Bold face; the regular face is used when absent. */
  bold?: FontFile;
}

const requireCjs = createRequire(import.meta.url);

/**
 * A font file shipped in an npm package. Packaged desktop builds carry the same files
 * as resources (build/electron-builder.yml) and point DUCHA_FONTS_DIR at them.
 */
function npmFont(specifier: string): string {
  const dir = process.env.DUCHA_FONTS_DIR;
  // '@scope/package/400Regular/X.ttf' → '<dir>/400Regular/X.ttf'
  if (dir) return join(dir, ...specifier.split('/').slice(2));
  return requireCjs.resolve(specifier);
}

export const PRIMARY_FONT: FontSource = {
  family: 'NotoSerifSC',
  label: 'Noto Serif SC（思源宋体，npm @expo-google-fonts/noto-serif-sc）',
  regular: { path: npmFont('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf') },
  bold: { path: npmFont('@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf') },
};

/**
 * Tried in order for characters the primary font lacks; files that do not exist on this
 * machine are skipped.
 */
export const FALLBACK_FONTS: readonly FontSource[] = [
  {
    family: 'NotoSerifTC',
    label: 'Noto Serif TC（思源宋体繁体，npm @expo-google-fonts/noto-serif-tc）',
    regular: { path: npmFont('@expo-google-fonts/noto-serif-tc/400Regular/NotoSerifTC_400Regular.ttf') },
    bold: { path: npmFont('@expo-google-fonts/noto-serif-tc/700Bold/NotoSerifTC_700Bold.ttf') },
  },
  {
    family: 'NotoSerifJP',
    label: 'Noto Serif JP（npm @expo-google-fonts/noto-serif-jp）',
    regular: { path: npmFont('@expo-google-fonts/noto-serif-jp/400Regular/NotoSerifJP_400Regular.ttf') },
    bold: { path: npmFont('@expo-google-fonts/noto-serif-jp/700Bold/NotoSerifJP_700Bold.ttf') },
  },
  {
    family: 'NotoSerifCJK',
    label: 'Noto Serif CJK SC（系统字体，Debian fonts-noto-cjk）',
    regular: { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', postscriptName: 'NotoSerifCJKsc-Regular' },
    bold: { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', postscriptName: 'NotoSerifCJKsc-Bold' },
  },
  {
    family: 'SimSunExtB',
    label: 'SimSun-ExtB（系统字体，Windows）',
    regular: { path: 'C:\\Windows\\Fonts\\simsunb.ttf' },
  },
];

export interface LoadedFont {
  family: string;
  label: string;
  /** Parsed faces (parsed on first call, then cached for the process). */
  regular(): FontkitFont;
  bold(): FontkitFont;
  covers(codePoint: number): boolean;
}

export interface FontSet {
  /** Primary first, then the fallbacks present on this machine. */
  chain: readonly LoadedFont[];
  primary: LoadedFont;
  /** pdfmake font dictionary: every family's faces point at cached-font markers. */
  dictionary: TFontDictionary;
  /** First font of the chain with a glyph for the code point, or null. */
  fontFor(codePoint: number): LoadedFont | null;
}

// --- parsed-font cache -------------------------------------------------------

const MARKER_PREFIX = 'DUCHA-PARSED-FONT:';

/** A face parsed on first use: fallback fonts cost nothing until a character needs one. */
interface LazyFace {
  marker: string;
  font(): FontkitFont;
}

/** Marker text → face; fontkit hands our format the marker bytes. */
const byMarker = new Map<string, LazyFace>();
/** `${path}#${postscriptName}` → face, so each face is parsed once per process. */
const byFace = new Map<string, LazyFace>();
let formatRegistered = false;

function markerText(buffer: Uint8Array): string | null {
  // Markers are short ASCII; anything longer is a real font file and not ours.
  if (buffer.length > 200) return null;
  const text = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).toString('latin1');
  return text.startsWith(MARKER_PREFIX) ? text : null;
}

/**
 * A fontkit format whose "parser" returns the cached font for a marker. fontkit calls
 * `new format(stream)`; a constructor function that returns an object yields that object.
 * Registered after fontkit's own formats, it is only asked about buffers none of them
 * recognises (a marker starts with "DUCH", not a font signature).
 */
function registerCachedFormat(): void {
  if (formatRegistered) return;
  function CachedFontFormat(stream: { buffer: Uint8Array }): FontkitFont {
    const text = markerText(stream.buffer);
    const face = text === null ? undefined : byMarker.get(text);
    if (face === undefined) throw new Error('未知的字体缓存标记');
    return face.font();
  }
  CachedFontFormat.probe = (buffer: Uint8Array): boolean => {
    const text = markerText(buffer);
    return text !== null && byMarker.has(text);
  };
  getFontkit().registerFormat(CachedFontFormat);
  formatRegistered = true;
}

function isCollection(f: FontkitFont | FontkitCollection): f is FontkitCollection {
  return Array.isArray((f as FontkitCollection).fonts);
}

function parseFace(file: FontFile): FontkitFont {
  const parsed = getFontkit().create(readFileSync(file.path));
  const font = !isCollection(parsed)
    ? parsed
    : file.postscriptName === undefined
      ? (parsed.fonts[0] ?? null)
      : parsed.getFont(file.postscriptName);
  if (font === null) {
    throw new Error(`字体文件 ${file.path} 中没有字体 ${file.postscriptName ?? ''}，请检查字体配置`);
  }
  return font;
}

/** The face's marker is registered in pdfmake's virtual file system now; parsing waits for first use. */
function lazyFace(file: FontFile): LazyFace {
  const key = `${file.path}#${file.postscriptName ?? ''}`;
  const known = byFace.get(key);
  if (known !== undefined) return known;
  registerCachedFormat();
  let font: FontkitFont | null = null;
  const face: LazyFace = {
    marker: `${MARKER_PREFIX}${byFace.size + 1}`,
    font() {
      font ??= parseFace(file);
      return font;
    },
  };
  byFace.set(key, face);
  byMarker.set(face.marker, face);
  getPdfmake().virtualfs.writeFileSync(face.marker, Buffer.from(face.marker, 'latin1'));
  return face;
}

// --- font sets ---------------------------------------------------------------

function loadSource(source: FontSource): { loaded: LoadedFont; markers: { normal: string; bold: string } } {
  const regular = lazyFace(source.regular);
  const bold = source.bold !== undefined ? lazyFace(source.bold) : regular;
  // Coverage is asked per character of every printed string: memoise it.
  const coverage = new Map<number, boolean>();
  return {
    loaded: {
      family: source.family,
      label: source.label,
      regular: () => regular.font(),
      bold: () => bold.font(),
      covers(cp) {
        let has = coverage.get(cp);
        if (has === undefined) {
          has = regular.font().hasGlyphForCodePoint(cp);
          coverage.set(cp, has);
        }
        return has;
      },
    },
    markers: { normal: regular.marker, bold: bold.marker },
  };
}

function available(source: FontSource): boolean {
  return existsSync(source.regular.path) && (source.bold === undefined || existsSync(source.bold.path));
}

const sets = new Map<string, FontSet>();

/**
 * The font set for a chain of sources (primary first). Sources whose files are missing are
 * left out; the primary must exist. Cached per chain, and faces are shared between chains.
 */
export function loadFontSet(sources: readonly FontSource[]): FontSet {
  const present = sources.filter((s, i) => i === 0 || available(s));
  const key = present.map((s) => s.family).join('|');
  const known = sets.get(key);
  if (known !== undefined) return known;

  const first = present[0];
  if (first === undefined) throw new Error('没有配置打印字体');
  if (!available(first)) {
    throw new Error(`找不到打印字体 ${first.regular.path}，请重新安装本软件（npm 包 @expo-google-fonts/noto-serif-sc）`);
  }
  const dictionary: TFontDictionary = {};
  const chain: LoadedFont[] = [];
  for (const source of present) {
    const { loaded, markers } = loadSource(source);
    chain.push(loaded);
    dictionary[source.family] = {
      normal: markers.normal,
      bold: markers.bold,
      italics: markers.normal,
      bolditalics: markers.bold,
    };
  }
  const primary = chain[0] as LoadedFont;
  const choice = new Map<number, LoadedFont | null>();
  const set: FontSet = {
    chain,
    primary,
    dictionary,
    fontFor(cp) {
      let f = choice.get(cp);
      if (f === undefined) {
        f = chain.find((c) => c.covers(cp)) ?? null;
        choice.set(cp, f);
      }
      return f;
    },
  };
  sets.set(key, set);
  return set;
}

/** Noto Serif SC plus every fallback present on this machine: what documents print with. */
export function defaultFontSet(): FontSet {
  return loadFontSet([PRIMARY_FONT, ...FALLBACK_FONTS]);
}

/**
 * The same families as `set`, but as font FILES the way a bare pdfmake user passes them
 * (pdfmake then reads and parses them on every document): the bench's baseline.
 */
export function baselineFontDictionary(set: FontSet): TFontDictionary {
  const dictionary: TFontDictionary = {};
  const paths: string[] = [];
  for (const loaded of set.chain) {
    const source = [PRIMARY_FONT, ...FALLBACK_FONTS].find((s) => s.family === loaded.family);
    if (source === undefined) continue;
    const face = (f: FontFile): string | [string, string] => {
      paths.push(f.path);
      return f.postscriptName === undefined ? f.path : [f.path, f.postscriptName];
    };
    const normal = face(source.regular);
    const bold = face(source.bold ?? source.regular);
    // pdfmake's types only know the single-file form; a [file, face] pair selects from a .ttc.
    dictionary[loaded.family] = { normal, bold, italics: normal, bolditalics: bold } as unknown as TFontDictionary[string];
  }
  allowLocalFontFiles(paths);
  return dictionary;
}
