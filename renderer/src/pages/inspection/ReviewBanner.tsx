/**
 * What the bureau decided about this record's latest signed revision, where the record is
 * read. 退回补正 on the inspector's laptop comes with the way to act on it: 开始修改 opens
 * the amendment with the bureau's reason written in, so the new revision says what it answers.
 * A decision about an earlier revision only shows under 版本与日志.
 */
import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Typography } from 'antd';
import { isLocked, type InspectionSummary } from '../../../../core/contract/inspections';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatTime } from '../../format';

function AmendModal({ inspection, initialReason, onClose, onDone }: { inspection: InspectionSummary; initialReason: string; onClose(): void; onDone(): void }) {
  const [reason, setReason] = useState(initialReason);
  const [busy, setBusy] = useState(false);
  const { message, modal } = App.useApp();
  async function start() {
    setBusy(true);
    try {
      await api.call('inspections/amend', { id: inspection.id, reason });
      message.success('已开始修改：按退回理由修改后，请重新签名并签署');
      onDone();
    } catch (err) {
      modal.error({ title: '未能开始修改', content: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title="按退回理由修改" okText="开始修改" cancelText="取消" confirmLoading={busy} okButtonProps={{ disabled: !reason.trim() }} onCancel={onClose} onOk={() => void start()}>
      <Typography.Paragraph>
        已签署的第 {inspection.revision} 版原样保留；修改并重新签署后生成第 {inspection.revision + 1} 版，同步后重新进入审核。
      </Typography.Paragraph>
      <Input.TextArea aria-label="更改理由" value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 3 }} maxLength={500} />
    </Modal>
  );
}

export function ReviewBanner({ inspection, onChanged }: { inspection: InspectionSummary; onChanged(): void }) {
  const history = useQuery('reviews/history', { inspectionId: inspection.id });
  const role = useQuery('role/get', {});
  const [amending, setAmending] = useState(false);
  // Newest first: the first one about the latest revision is the standing decision.
  const standing = history.data?.items.find((r) => r.current);
  if (!standing || !isLocked(inspection.status)) return null;
  const who = `${standing.reviewUnit}（${standing.reviewerName}，${formatTime(standing.decidedAt)}）`;
  if (standing.state === 'accepted') {
    return <Alert type="success" showIcon banner data-testid="review-banner" style={{ marginTop: 6 }} title={`第 ${standing.revision} 版已受理：${who}`} />;
  }
  const inspector = role.data?.role === 'inspector';
  // 500 characters is what an amendment reason may hold; the bureau's reason may be longer.
  const prefill = `按${standing.reviewUnit}退回补正意见修改：${standing.reason}`.slice(0, 500);
  return (
    <>
      <Alert
        type="error"
        showIcon
        banner
        data-testid="review-banner"
        style={{ marginTop: 6 }}
        title={`第 ${standing.revision} 版被退回补正：${standing.reason}`}
        description={`${who}${inspector ? '。请按理由修改并重新签署，同步后重新报送审核。' : ''}`}
        action={
          inspector ? (
            <Button size="small" type="primary" onClick={() => setAmending(true)}>
              开始修改
            </Button>
          ) : undefined
        }
      />
      {amending && (
        <AmendModal
          inspection={inspection}
          initialReason={prefill}
          onClose={() => setAmending(false)}
          onDone={() => {
            setAmending(false);
            onChanged();
          }}
        />
      )}
    </>
  );
}
