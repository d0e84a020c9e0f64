/**
 * State of one inspection's 附件3 sheet on screen. The screen's copy of the items is what
 * the inspector sees and is updated at once on every change; totals are recomputed
 * locally with the same pure engine the host uses (forms/scoring), so the running total
 * never waits for the disk. The ItemSaver then stores each change in the background.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { InspectionStatus } from '../../../../core/contract/inspections';
import type { InspectionDetail, ItemState } from '../../../../core/contract/inspections';
import { computeTotals, suggestScore, type Totals } from '../../../../forms/scoring';
import type { ScoringTemplate } from '../../../../forms/scoring-template';
import { api, ApiCallError, errorMessage } from '../../api/client';
import { ItemSaver, readJournal, type ItemPatch, type JournalStorage, type SaveState } from './saver';

export type ItemEdit = Omit<ItemPatch, 'no'>;

export interface ScoringSheet {
  detail: InspectionDetail | null;
  loadError: string | null;
  template: ScoringTemplate | null;
  items: ItemState[];
  totals: Totals | null;
  status: InspectionStatus | null;
  /** Why the sheet cannot be edited, or null when it can. */
  readOnlyReason: string | null;
  saveState: SaveState;
  update(no: number, edit: ItemEdit, options?: { debounce?: boolean }): void;
  flush(): Promise<void>;
}

function journalStorage(): JournalStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const journalKey = (inspectionId: string) => `ducha.scoring.pending.${inspectionId}`;

function applyEdit(item: ItemState, edit: ItemEdit): ItemState {
  const next: ItemState = { ...item, ...edit };
  next.suggested = suggestScore(next.max, next.clauses);
  return next;
}

/** Whether a failed save is worth retrying: only when the host could not be reached or failed inside. */
function failure(err: unknown): { message: string; retry: boolean } {
  if (err instanceof ApiCallError) return { message: err.error.message, retry: err.error.code === 'INTERNAL' };
  return { message: errorMessage(err), retry: true };
}

export function useScoringSheet(inspectionId: string): ScoringSheet {
  const [detail, setDetail] = useState<InspectionDetail | null>(null);
  const [items, setItems] = useState<ItemState[]>([]);
  const [status, setStatus] = useState<InspectionStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [reloadNonce, setReloadNonce] = useState(0);

  const saver = useMemo(
    () =>
      new ItemSaver<{ status: InspectionStatus }>({
        send: (patch) => api.call('inspections/saveItem', { inspectionId, ...patch }),
        failure,
        onState: setSaveState,
        onSaved: (result) => setStatus(result.status),
        // The host refused for good (e.g. signed meanwhile): show its stored state again.
        onRejected: () => setReloadNonce((n) => n + 1),
        storage: journalStorage(),
        journalKey: journalKey(inspectionId),
      }),
    [inspectionId],
  );

  useEffect(() => {
    let current = true;
    api.call('inspections/get', { id: inspectionId }).then(
      (d) => {
        if (!current) return;
        // Edits a crash or reload interrupted are still in the journal: show and resend them.
        const unsaved = readJournal(journalStorage(), journalKey(inspectionId));
        const editable = d.inspection.kind === 'agency' && (d.inspection.status === 'draft' || d.inspection.status === 'completed');
        let restored = d.items;
        if (editable && unsaved.length > 0) {
          restored = d.items.map((item) => {
            const patch = unsaved.find((p) => p.no === item.no);
            if (!patch) return item;
            const { no: _no, ...edit } = patch;
            return applyEdit(item, edit);
          });
          for (const patch of unsaved) saver.edit(patch);
        }
        setDetail(d);
        setItems(restored);
        setStatus(d.inspection.status);
        setLoadError(null);
      },
      (err: unknown) => current && setLoadError(errorMessage(err)),
    );
    return () => {
      current = false;
    };
  }, [inspectionId, saver, reloadNonce]);

  useEffect(() => {
    const flush = () => void saver.flush();
    const onVisibility = () => document.visibilityState === 'hidden' && flush();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      // Leaving the screen: send what is pending; the journal keeps it if that fails.
      flush();
      saver.dispose();
    };
  }, [saver]);

  const template = useMemo<ScoringTemplate | null>(
    () => (detail ? { ...detail.template, isDefault: false } : null),
    [detail],
  );
  const totals = useMemo(() => (template ? computeTotals(template, items) : null), [template, items]);

  const readOnlyReason = !detail
    ? null
    : detail.inspection.kind !== 'agency'
      ? '考试机构的检查不使用附件3监督检查表评分。'
      : status !== 'draft' && status !== 'completed'
        ? '该检查任务已签署或提交，评分已冻结，只能查看。'
        : null;

  const update = useCallback(
    (no: number, edit: ItemEdit, options: { debounce?: boolean } = {}) => {
      setItems((list) => list.map((item) => (item.no === no ? applyEdit(item, edit) : item)));
      saver.edit({ no, ...edit }, options);
    },
    [saver],
  );

  const flush = useCallback(() => saver.flush(), [saver]);

  return { detail, loadError, template, items, totals, status, readOnlyReason, saveState, update, flush };
}
