import type { RefObject } from 'react';
import { Button, Checkbox, Input, Radio, Tag, Tooltip, Typography, type GetRef } from 'antd';
import type { ItemState } from '../../../../core/contract/inspections';
import { CLAUSE_RESULTS } from '../../../../core/contract/inspections';
import { attachment3Item, attachment3ItemLabel } from '../../../../forms/attachment3';
import type { ClauseResult } from '../../../../forms/scoring';

export type TextAreaRef = GetRef<typeof Input.TextArea>;

const METHOD_COLOR: Record<string, string> = { 资料: 'blue', 现场: 'green', 实物: 'orange', 信息公开: 'purple' };

export interface ItemEditorProps {
  item: ItemState;
  readOnly: boolean;
  /** Digits typed but not yet confirmed; null when the field shows the stored score. */
  draft: string | null;
  scoreError: string | null;
  problemRef: RefObject<TextAreaRef | null>;
  remarkRef: RefObject<TextAreaRef | null>;
  onClause(index: number, value: ClauseResult): void;
  onDraft(text: string): void;
  onCommitDraft(): void;
  onCancelDraft(): void;
  onMax(): void;
  onSuggested(): void;
  onToggleNotApplicable(): void;
  onText(field: 'problem' | 'remark', text: string): void;
  onTextDone(): void;
}

/** The current item: its clauses as a checklist, 督查方式, score, 问题记录 and 备注. */
export function ItemEditor({
  item,
  readOnly,
  draft,
  scoreError,
  problemRef,
  remarkRef,
  onClause,
  onDraft,
  onCommitDraft,
  onCancelDraft,
  onMax,
  onSuggested,
  onToggleNotApplicable,
  onText,
  onTextDone,
}: ItemEditorProps) {
  const def = attachment3Item(item.no);
  if (!def) return null;
  const title = attachment3ItemLabel(def);
  const scoreText = draft ?? (item.score === null ? '' : String(item.score));

  return (
    <section className="scoring-item" aria-label={`第 ${item.no} 项`}>
      <div className="item-path">
        {def.category} › {def.indicator}（{def.points} 分{def.bonus ? '，加分' : ''}）
      </div>
      <div className="item-title">
        <span className="item-no" data-testid="current-item-no">
          {item.no}
        </span>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <span className="item-methods">
          {def.methods.map((m) => (
            <Tag key={m} color={METHOD_COLOR[m]} style={{ marginInlineEnd: 4 }}>
              {m}
            </Tag>
          ))}
        </span>
      </div>

      <ol className={`item-clauses${item.notApplicable ? ' is-na' : ''}`}>
        {def.requirements.map((text, i) => (
          <li key={i} className={item.clauses[i] === '不符合' ? 'is-fail' : ''}>
            <span className="clause-text">
              （{i + 1}）{text}
            </span>
            {/* A click must not leave focus on the radio: the sheet's keys (j/k, digits) stay active. */}
            <span onMouseDown={(e) => e.preventDefault()}>
            <Radio.Group
              // One native radio group per clause, whatever id scheme the build's antd picks.
              name={`clause-${item.no}-${i}`}
              size="small"
              optionType="button"
              buttonStyle="solid"
              disabled={readOnly}
              value={item.clauses[i] ?? undefined}
              options={CLAUSE_RESULTS.map((r) => ({ value: r, label: r }))}
              onChange={(e) => onClause(i, e.target.value as ClauseResult)}
              aria-label={`第 ${i + 1} 条判定`}
            />
            </span>
          </li>
        ))}
      </ol>

      <div className="item-score-row">
        <label htmlFor="score-input" className="field-label">
          评分
        </label>
        <Input
          id="score-input"
          data-testid="score-input"
          inputMode="decimal"
          autoComplete="off"
          disabled={readOnly || item.notApplicable}
          status={scoreError ? 'error' : undefined}
          value={item.notApplicable ? '' : scoreText}
          placeholder={item.notApplicable ? '不适用' : '未评分'}
          suffix={<span className="score-max">/ {item.max} 分</span>}
          style={{ width: 130 }}
          onChange={(e) => onDraft(e.target.value)}
          onBlur={() => draft !== null && onCommitDraft()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              onCommitDraft();
            } else if (e.key === 'Escape') {
              onCancelDraft();
              e.currentTarget.blur();
            }
          }}
        />
        {draft !== null && !scoreError && <span className="score-hint">按 Enter 确认</span>}
        <Button size="small" disabled={readOnly || item.notApplicable} onClick={onMax}>
          满分 m
        </Button>
        <Tooltip title={item.suggested === null ? '先逐条判定「符合 / 不符合」，才有建议分' : '按条款判定结果计算，向下取到 0.5 分'}>
          <Button
            size="small"
            data-testid="score-suggested"
            disabled={readOnly || item.notApplicable || item.suggested === null}
            onClick={onSuggested}
          >
            {item.suggested === null ? '建议分 —' : `采用建议分 ${item.suggested}`} s
          </Button>
        </Tooltip>
        <Checkbox checked={item.notApplicable} disabled={readOnly} onChange={onToggleNotApplicable} data-testid="na-checkbox">
          本项不适用 n
        </Checkbox>
      </div>
      <div className="score-error" role="alert" data-testid="score-error">
        {scoreError}
      </div>

      <label className="field-label" htmlFor="problem-input">
        问题记录 <span className="field-key">p</span>
      </label>
      <Input.TextArea
        id="problem-input"
        data-testid="problem-input"
        ref={problemRef}
        disabled={readOnly}
        value={item.problem}
        autoSize={{ minRows: 2, maxRows: 5 }}
        maxLength={2000}
        placeholder="发现的问题（写明事实、数量与依据）"
        onChange={(e) => onText('problem', e.target.value)}
        onBlur={onTextDone}
        onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
      />
      <label className="field-label" htmlFor="remark-input">
        备注 <span className="field-key">r</span>
      </label>
      <Input.TextArea
        id="remark-input"
        data-testid="remark-input"
        ref={remarkRef}
        disabled={readOnly}
        value={item.remark}
        autoSize={{ minRows: 1, maxRows: 3 }}
        maxLength={1000}
        onChange={(e) => onText('remark', e.target.value)}
        onBlur={onTextDone}
        onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
      />
    </section>
  );
}
