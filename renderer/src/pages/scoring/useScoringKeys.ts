/**
 * The keyboard of the scoring sheet (keys.ts maps a key to a command): j/k move, digits
 * type a score, Enter stores it, m the maximum, s the suggested score, n 不适用, p and r
 * jump to the text fields, ? the help. One listener for the page's lifetime, reading the
 * sheet's latest state from a ref, rather than a new listener on every render.
 */
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { ItemState } from '../../../../core/contract/inspections';
import type { ScoringTemplate } from '../../../../forms/scoring-template';
import { step, type ItemFilter } from './filters';
import type { TextAreaRef } from './ItemEditor';
import { isTextField, keyCommand, typeIntoDraft } from './keys';
import type { ScoringSheet } from './useScoringSheet';

export interface ScoringKeyTargets {
  template: ScoringTemplate | null;
  items: ItemState[];
  current: ItemState | undefined;
  currentNo: number;
  filter: ItemFilter;
  readOnly: boolean;
  help: boolean;
  setHelp(open: boolean): void;
  /** The score being typed, or null. */
  draft: string | null;
  setDraft(draft: string | null): void;
  setScoreError(message: string | null): void;
  /** Stores the typed score; false when it is not acceptable (the message is then shown). */
  commitDraft(): boolean;
  moveTo(no: number): void;
  setScore(score: number): void;
  update: ScoringSheet['update'];
  problemRef: RefObject<TextAreaRef | null>;
  remarkRef: RefObject<TextAreaRef | null>;
}

export function useScoringKeys(targets: ScoringKeyTargets): void {
  const latest = useRef(targets);
  useLayoutEffect(() => {
    latest.current = targets;
  });
  useEffect(() => {
  function onKey(e: KeyboardEvent) {
    const { template, items, current, currentNo, filter, readOnly, help, setHelp, draft, setDraft, setScoreError, commitDraft, moveTo, setScore, update, problemRef, remarkRef } =
      latest.current;
    if (e.defaultPrevented) return;
    const t = e.target instanceof HTMLElement ? e.target : null;
    if (isTextField(t && { tagName: t.tagName, type: t.getAttribute('type') ?? undefined, isContentEditable: t.isContentEditable })) {
      return;
    }
    const cmd = keyCommand(e);
    if (!cmd || !template || !current) return;
    if (help) {
      if (cmd.kind === 'help') {
        e.preventDefault();
        setHelp(false);
      }
      return;
    }
    const handled = (): void => e.preventDefault();
    switch (cmd.kind) {
      case 'next':
      case 'prev':
        handled();
        moveTo(step(template, items, currentNo, cmd.kind === 'next' ? 1 : -1, filter));
        return;
      case 'help':
        handled();
        setHelp(true);
        return;
    }
    if (readOnly) return;
    switch (cmd.kind) {
      case 'digit':
      case 'half':
        handled();
        if (current.notApplicable) {
          setScoreError('本项已标为不适用，不能评分。如需评分，请先按 n 取消不适用。');
          return;
        }
        setDraft(typeIntoDraft(draft, cmd.kind === 'half' ? '.' : cmd.digit));
        setScoreError(null);
        return;
      case 'backspace':
        if (draft === null) return;
        handled();
        setDraft(draft.length > 1 ? draft.slice(0, -1) : null);
        setScoreError(null);
        return;
      case 'confirm':
        if (draft === null) return;
        handled();
        commitDraft();
        return;
      case 'cancel':
        setDraft(null);
        setScoreError(null);
        return;
      case 'max':
        handled();
        if (!current.notApplicable) setScore(current.max);
        return;
      case 'suggested':
        handled();
        if (current.notApplicable) return;
        if (current.suggested === null) {
          setScoreError('本项还没有建议分：请先逐条判定「符合」或「不符合」。');
          return;
        }
        setScore(current.suggested);
        return;
      case 'toggleNotApplicable':
        handled();
        update(current.no, { notApplicable: !current.notApplicable });
        setDraft(null);
        setScoreError(null);
        return;
      case 'focusProblem':
        handled();
        problemRef.current?.focus();
        return;
      case 'focusRemark':
        handled();
        remarkRef.current?.focus();
        return;
    }
  }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
