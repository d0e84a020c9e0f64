/**
 * 附件3 scoring screen: navigator | current item | running total. Every change is saved
 * as it happens (see useScoringSheet / ItemSaver); the keyboard alone can drive it.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Modal, Segmented, Spin, Tag } from 'antd';
import { ArrowLeftOutlined, CheckCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import { STATUS_LABELS } from '../../../../core/contract/inspections';
import { validateScore } from '../../../../forms/scoring';
import { hasProblem, isUnscored, type ItemFilter } from './filters';
import { ItemEditor, type TextAreaRef } from './ItemEditor';
import { ItemNavigator } from './ItemNavigator';
import { parseDraft, SHORTCUTS } from './keys';
import type { SaveState } from './saver';
import { TotalsPanel } from './TotalsPanel';
import { useScoringKeys } from './useScoringKeys';
import { useScoringSheet } from './useScoringSheet';
import './scoring.css';

function SaveIndicator({ state }: { state: SaveState }) {
  if (state.kind === 'saving') {
    return (
      <span className="save-state" data-testid="save-state" data-state="saving">
        <LoadingOutlined /> 保存中…
      </span>
    );
  }
  if (state.kind === 'error') {
    return (
      <span className="save-state is-error" data-testid="save-state" data-state="error" role="alert">
        保存失败：{state.message}
      </span>
    );
  }
  return (
    <span className="save-state is-saved" data-testid="save-state" data-state="saved">
      <CheckCircleOutlined /> 已保存
    </span>
  );
}

function itemFromUrl(): number {
  const n = Number(new URLSearchParams(window.location.search).get('item'));
  return Number.isInteger(n) && n >= 1 && n <= 42 ? n : 1;
}

/**
 * `embedded`: shown inside the inspection page, whose header already carries the way
 * back, the agency and the status; the sheet then shows only its own controls.
 */
export function ScoringSheetView({
  inspectionId,
  onBack,
  embedded = false,
}: {
  inspectionId: string;
  onBack(): void;
  embedded?: boolean;
}) {
  const sheet = useScoringSheet(inspectionId);
  const { template, totals, items, update } = sheet;
  const [currentNo, setCurrentNo] = useState(itemFromUrl);
  const [filter, setFilter] = useState<ItemFilter>('all');
  const [draft, setDraft] = useState<string | null>(null);
  const [scoreError, setScoreError] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const problemRef = useRef<TextAreaRef>(null);
  const centerRef = useRef<HTMLDivElement>(null);
  const remarkRef = useRef<TextAreaRef>(null);

  const current = items.find((i) => i.no === currentNo);
  const readOnly = sheet.readOnlyReason !== null;

  // The open item is part of the address, so a reload comes back to it.
  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.set('item', String(currentNo));
    window.history.replaceState(null, '', url);
    // A new item starts at its top, not where the previous (longer) item was scrolled to.
    if (centerRef.current) centerRef.current.scrollTop = 0;
  }, [currentNo]);

  /** Stores the typed score; false (and a message beside the field) when it is not acceptable. */
  function commitDraft(): boolean {
    if (draft === null || !current || !template) return true;
    if (draft.trim() === '') {
      update(current.no, { score: null });
    } else {
      const value = parseDraft(draft);
      const problem =
        value === null ? `请输入数字，例如 3 或 3.5（本项满分 ${current.max} 分）` : validateScore(template, current.no, value);
      if (problem !== null || value === null) {
        setScoreError(`${problem}。`);
        return false;
      }
      update(current.no, { score: value });
    }
    setDraft(null);
    setScoreError(null);
    return true;
  }

  function moveTo(no: number) {
    if (no === currentNo) return;
    if (!commitDraft()) return;
    // Text typed into the item being left goes now rather than after the debounce.
    void sheet.flush();
    setCurrentNo(no);
    setScoreError(null);
  }

  function setScore(score: number) {
    if (!current) return;
    update(current.no, { score });
    setDraft(null);
    setScoreError(null);
  }

  useScoringKeys({
    template,
    items,
    current,
    currentNo,
    filter,
    readOnly,
    help,
    setHelp,
    draft,
    setDraft,
    setScoreError,
    commitDraft,
    moveTo,
    setScore,
    update,
    problemRef,
    remarkRef,
  });

  if (sheet.loadError) {
    return (
      <Alert
        type="error"
        showIcon
        title={sheet.loadError}
        action={<Button onClick={onBack}>返回检查任务</Button>}
      />
    );
  }
  if (!sheet.detail || !template || !totals || !current) {
    return <Spin description="正在读取检查表…" style={{ display: 'block', marginTop: 80 }} />;
  }
  const { inspection } = sheet.detail;
  const status = sheet.status ?? inspection.status;
  const unscoredCount = items.filter((i) => isUnscored(template, i)).length;
  const problemCount = items.filter(hasProblem).length;

  return (
    <div className={embedded ? 'scoring-page is-embedded' : 'scoring-page'} data-testid="scoring-page">
      <div className="scoring-bar">
        {!embedded && (
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={onBack} onMouseDown={(e) => e.preventDefault()}>
              检查任务
            </Button>
            <span className="bar-title" title={inspection.agencyName} data-testid="scoring-agency">
              {inspection.agencyName}
            </span>
            <span className="bar-meta">
              {inspection.inspectedOn} · {inspection.type}
            </span>
          </>
        )}
        <Tag color={status === 'completed' ? 'blue' : status === 'draft' ? 'default' : 'green'} data-testid="scoring-status">
          {STATUS_LABELS[status]}
        </Tag>
        <span className="bar-spacer" />
        <SaveIndicator state={sheet.saveState} />
        <Segmented<ItemFilter>
          size="small"
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: `全部 ${items.length}` },
            { value: 'unscored', label: `未评分 ${unscoredCount}` },
            { value: 'problems', label: `有问题 ${problemCount}` },
          ]}
          onMouseDown={(e) => e.preventDefault()}
        />
        <Button size="small" onClick={() => setHelp(true)} onMouseDown={(e) => e.preventDefault()}>
          快捷键 ?
        </Button>
      </div>
      {sheet.readOnlyReason && <Alert type="info" showIcon title={sheet.readOnlyReason} />}
      <div className="scoring-body">
        <ItemNavigator
          template={template}
          items={items}
          totals={totals}
          currentNo={currentNo}
          filter={filter}
          onSelect={moveTo}
        />
        <div ref={centerRef}>
          <ItemEditor
            item={current}
            readOnly={readOnly}
            draft={draft}
            scoreError={scoreError}
            problemRef={problemRef}
            remarkRef={remarkRef}
            onClause={(index, value) =>
              update(current.no, { clauses: current.clauses.map((c, i) => (i === index ? value : c)) })
            }
            onDraft={(text) => {
              setDraft(text);
              setScoreError(null);
            }}
            onCommitDraft={commitDraft}
            onCancelDraft={() => {
              setDraft(null);
              setScoreError(null);
            }}
            onMax={() => setScore(current.max)}
            onSuggested={() => current.suggested !== null && setScore(current.suggested)}
            onToggleNotApplicable={() => update(current.no, { notApplicable: !current.notApplicable })}
            onText={(field, text) => update(current.no, field === 'problem' ? { problem: text } : { remark: text }, { debounce: true })}
            onTextDone={() => void sheet.flush()}
          />
          <div className="item-keys" style={{ padding: '0 16px 12px' }}>
            j / k 上下项 · 数字键评分，Enter 确认 · m 满分 · s 建议分 · n 不适用 · p 问题记录 · ? 全部快捷键
          </div>
        </div>
        <TotalsPanel totals={totals} template={template} />
      </div>
      <Modal open={help} title="键盘快捷键" footer={null} onCancel={() => setHelp(false)} width={520}>
        <table className="totals-table" style={{ fontSize: 13 }}>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td style={{ whiteSpace: 'nowrap', paddingRight: 16 }}>
                  <code>{s.keys}</code>
                </td>
                <td style={{ textAlign: 'left' }}>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="totals-note">在问题记录、备注等文字框中输入时，快捷键不起作用；按 Esc 离开文字框。每次修改都会自动保存。</p>
      </Modal>
    </div>
  );
}
