/**
 * The inspecting unit's red round seal, drawn entirely as vector paths: a ring, the unit
 * name along the upper arc (each character turned to face outwards), a five-pointed star
 * in the centre and the seal's label below it.
 *
 * The characters are glyph OUTLINES taken from the font (fontkit), not text: a seal is a
 * picture, so copying or extracting text from the page must not pick up its rotated
 * letters, and no font needs to be embedded for it.
 */
import type { FontSet, LoadedFont } from './fonts';
import { PLACEHOLDER } from './text';

export const SEAL_RED = '#d7191c';
export const DEFAULT_SEAL_LABEL = '监督检查专用章';

/** Drawing units: the seal is a 200 × 200 box centred on (100, 100). */
const C = 100;
const RING_R = 94;
const RING_W = 5;
const NAME_R = 71; // radius of the name characters' centres
const STAR_OUTER = 25;
const LABEL_Y = 150;
/** The name never reaches further down than ±110° so the label fits between its ends. */
const MAX_SPAN = 220;

/** Longest unit name that still fits round the arc at a legible size. */
export const MAX_SEAL_NAME = 24;

function fmt(n: number): string {
  return (Math.round(n * 100) / 100).toString();
}

/**
 * One character as an SVG path, `size` units tall, centred on (cx, cy) and turned by
 * `angleDeg` (clockwise). Fonts draw y-up from the baseline; the CJK em box runs from
 * −0.12 em to 0.88 em, so its centre is 0.38 em above the baseline.
 */
function glyphPath(fonts: FontSet, ch: string, size: number, cx: number, cy: number, angleDeg: number): string {
  const cp = ch.codePointAt(0) as number;
  const owner: LoadedFont | null = fonts.fontFor(cp);
  const font = (owner ?? fonts.primary).bold();
  const glyph = font.glyphForCodePoint(owner === null ? (PLACEHOLDER.codePointAt(0) as number) : cp);
  const k = size / font.unitsPerEm;
  const d = glyph.path.toSVG();
  if (d === '') return '';
  const dx = -glyph.advanceWidth / 2;
  const dy = -0.38 * font.unitsPerEm;
  return (
    `<path d="${d}" transform="translate(${fmt(cx)} ${fmt(cy)}) rotate(${fmt(angleDeg)}) ` +
    `scale(${fmt(k)} ${fmt(-k)}) translate(${fmt(dx)} ${fmt(dy)})"/>`
  );
}

function starPoints(cx: number, cy: number, outer: number): string {
  const inner = outer * 0.382; // golden-ratio star, as on official seals
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = (Math.PI / 5) * i - Math.PI / 2;
    pts.push(`${fmt(cx + r * Math.cos(a))},${fmt(cy + r * Math.sin(a))}`);
  }
  return pts.join(' ');
}

const cache = new Map<string, string>();

/**
 * The seal as an SVG document `sizePt` points wide. Throws (in Chinese) for an empty or
 * over-long unit name: the seal is only printed for a record that names its unit.
 */
export function sealSvg(fonts: FontSet, unitName: string, label: string = DEFAULT_SEAL_LABEL, sizePt = 120): string {
  const name = Array.from(unitName.trim());
  const text = Array.from(label.trim());
  if (name.length === 0) throw new RangeError('检查单位名称为空，无法生成印章，请在设置中填写检查单位');
  if (name.length > MAX_SEAL_NAME) {
    throw new RangeError(`检查单位名称超过 ${MAX_SEAL_NAME} 个字，印章排不下，请在设置中使用简称`);
  }
  const key = `${fonts.chain.map((f) => f.family).join('|')}\u0000${name.join('')}\u0000${text.join('')}\u0000${sizePt}`;
  const known = cache.get(key);
  if (known !== undefined) return known;

  // Spread the name over up to 220° of the upper arc; short names keep a natural spacing.
  const step = Math.min(30, MAX_SPAN / Math.max(name.length - 1, 1));
  const span = step * (name.length - 1);
  const charSize = Math.min(27, ((2 * Math.PI * NAME_R * step) / 360) * 0.86);
  const paths: string[] = [];
  name.forEach((ch, i) => {
    const angle = -span / 2 + i * step; // 0° = top, clockwise
    const rad = (angle * Math.PI) / 180;
    paths.push(glyphPath(fonts, ch, charSize, C + NAME_R * Math.sin(rad), C - NAME_R * Math.cos(rad), angle));
  });
  const labelSize = Math.min(16, 104 / Math.max(text.length, 1));
  text.forEach((ch, i) => {
    const x = C + (i - (text.length - 1) / 2) * labelSize;
    paths.push(glyphPath(fonts, ch, labelSize, x, LABEL_Y, 0));
  });

  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${sizePt}" height="${sizePt}" viewBox="0 0 200 200">` +
    // Slightly translucent, like ink: the name and date stamped over stay readable.
    `<g opacity="0.85">` +
    `<circle cx="${C}" cy="${C}" r="${RING_R}" fill="none" stroke="${SEAL_RED}" stroke-width="${RING_W}"/>` +
    `<polygon points="${starPoints(C, C, STAR_OUTER)}" fill="${SEAL_RED}"/>` +
    `<g fill="${SEAL_RED}">${paths.join('')}</g></g></svg>`;
  cache.set(key, svg);
  return svg;
}
