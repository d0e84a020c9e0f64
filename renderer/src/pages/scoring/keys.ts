/**
 * The scoring screen's keyboard: which key does what, and the typed-score buffer.
 * Kept free of React and the DOM's event types so it is tested as plain functions.
 */

export type KeyCommand =
  | { kind: 'next' }
  | { kind: 'prev' }
  | { kind: 'digit'; digit: string }
  | { kind: 'half' }
  | { kind: 'backspace' }
  | { kind: 'confirm' }
  | { kind: 'cancel' }
  | { kind: 'max' }
  | { kind: 'suggested' }
  | { kind: 'toggleNotApplicable' }
  | { kind: 'focusProblem' }
  | { kind: 'focusRemark' }
  | { kind: 'help' };

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export function keyCommand(e: KeyLike): KeyCommand | null {
  // Browser and OS shortcuts (Ctrl+R, Cmd+C, …) are never ours.
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const k = e.key;
  if (/^[0-9]$/.test(k)) return { kind: 'digit', digit: k };
  switch (k) {
    case 'j':
    case 'ArrowDown':
    case 'PageDown':
      return { kind: 'next' };
    case 'k':
    case 'ArrowUp':
    case 'PageUp':
      return { kind: 'prev' };
    case '.':
      return { kind: 'half' };
    case 'Backspace':
      return { kind: 'backspace' };
    case 'Enter':
      return { kind: 'confirm' };
    case 'Escape':
      return { kind: 'cancel' };
    case 'm':
      return { kind: 'max' };
    case 's':
      return { kind: 'suggested' };
    case 'n':
      return { kind: 'toggleNotApplicable' };
    case 'p':
      return { kind: 'focusProblem' };
    case 'r':
      return { kind: 'focusRemark' };
    case '?':
      return { kind: 'help' };
    default:
      return null;
  }
}

/** Where typed keys belong to a field and must not drive the screen. */
export interface TargetLike {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
}

const NON_TEXT_INPUTS = new Set(['radio', 'checkbox', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

export function isTextField(t: TargetLike | null): boolean {
  if (!t) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NON_TEXT_INPUTS.has((t.type ?? 'text').toLowerCase());
}

/** Appends a typed key to the score buffer ("3", "3.", "3.5", "10"). */
export function typeIntoDraft(draft: string | null, key: string): string {
  const d = draft ?? '';
  if (key === '.') return d.includes('.') ? d : `${d === '' ? '0' : d}.`;
  if (d.includes('.')) {
    // Only halves exist: after the point, "5" is the one digit that means anything.
    return d.endsWith('.') ? `${d}${key}` : d;
  }
  return d.length >= 3 ? d : d === '0' ? key : `${d}${key}`;
}

/**
 * The number a buffer means: "3." is 3.5 (the "." key stands for a half point), "3.5"
 * is 3.5, "" is nothing. null when it is not a number at all.
 */
export function parseDraft(draft: string): number | null {
  const d = draft.trim();
  if (d === '') return null;
  if (/^\d+\.$/.test(d)) return Number(d.slice(0, -1)) + 0.5;
  if (/^\.$/.test(d)) return 0.5;
  if (!/^\d+(\.\d+)?$/.test(d)) return null;
  return Number(d);
}

export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: 'j / ↓ / PageDown', what: '下一项' },
  { keys: 'k / ↑ / PageUp', what: '上一项' },
  { keys: '0–9', what: '输入评分（按 Enter 确认）' },
  { keys: '.', what: '加半分，如 3 . Enter 得 3.5 分' },
  { keys: 'Backspace / Esc', what: '删除一位 / 放弃正在输入的评分' },
  { keys: 'm', what: '本项满分' },
  { keys: 's', what: '采用建议分（按条款判定计算）' },
  { keys: 'n', what: '本项不适用 / 取消不适用' },
  { keys: 'p / r', what: '填写问题记录 / 备注（Esc 返回）' },
  { keys: '?', what: '显示或关闭本说明' },
];
