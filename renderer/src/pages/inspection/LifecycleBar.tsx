import { useState } from 'react';
import { App, Button, Input, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, LockOutlined, SendOutlined } from '@ant-design/icons';
import { isLocked, STATUS_LABELS, type InspectionSummary } from '../../../../core/contract/inspections';
import { api, errorMessage } from '../../api/client';
import { AmendedTag } from '../../parts/AmendedTag';
import { STATUS_COLOR } from '../../parts/colors';

export function LifecycleBar({ inspection, signedElsewhere, onChanged }: { inspection: InspectionSummary; signedElsewhere: boolean; onChanged(): void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [amending, setAmending] = useState(false);
  const [reason, setReason] = useState('');
  const { message, modal } = App.useApp();
  const locked = isLocked(inspection.status);

  async function run(key: string, fn: () => Promise<string>) {
    setBusy(key);
    try {
      message.success(await fn());
      onChanged();
    } catch (err) {
      modal.error({ title: '未完成', content: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <Space style={{ flexShrink: 0 }}>
      <Tag color={STATUS_COLOR[inspection.status]} data-testid="inspection-status">
        {STATUS_LABELS[inspection.status]}
      </Tag>
      {inspection.revision === 1 && !inspection.amendmentReason && <Tag>第 1 版</Tag>}
      <AmendedTag inspection={inspection} />
      {!locked && (
        <Tooltip title="所有项目评分（或不适用）且检查人员与受检单位代表均已签名后，签署生成不可更改的版本">
          <Button
            type="primary"
            size="small"
            icon={<LockOutlined />}
            loading={busy === 'sign'}
            onClick={() =>
              modal.confirm({
                title: '签署并锁定？',
                content: '签署后记录生成不可更改的版本；之后如需修改，只能以“更改”方式进行并说明理由。',
                okText: '签署锁定',
                cancelText: '取消',
                onOk: () =>
                  run('sign', async () => {
                    const r = await api.call('inspections/sign', { id: inspection.id });
                    return `已签署：第 ${r.number} 版`;
                  }),
              })
            }
          >
            签署锁定
          </Button>
        </Tooltip>
      )}
      {inspection.status === 'signed' && (
        <Button
          size="small"
          icon={<SendOutlined />}
          loading={busy === 'submit'}
          onClick={() =>
            run('submit', async () => {
              await api.call('inspections/submit', { id: inspection.id });
              return '已标记为已提交';
            })
          }
        >
          标记已提交
        </Button>
      )}
      {locked && !signedElsewhere && (
        <Button size="small" icon={<EditOutlined />} onClick={() => setAmending(true)}>
          发起更改
        </Button>
      )}
      {signedElsewhere && (
        <Tooltip title="检查人员签署后导入本审核端的记录，只能查看。需要补正的，请在「审核」中退回补正，由检查人员更改后重新签署。">
          <Tag icon={<LockOutlined />} data-testid="read-only-tag">
            只读
          </Tag>
        </Tooltip>
      )}
      <Modal
        open={amending}
        title="发起更改"
        okText="开始更改"
        cancelText="取消"
        confirmLoading={busy === 'amend'}
        okButtonProps={{ disabled: !reason.trim() }}
        onCancel={() => setAmending(false)}
        onOk={() =>
          run('amend', async () => {
            await api.call('inspections/amend', { id: inspection.id, reason });
            setAmending(false);
            setReason('');
            return '已开始更改：修改后请重新签名并签署';
          })
        }
      >
        <Typography.Paragraph>
          已签署的第 {inspection.revision} 版将原样保留。更改完成并重新签署后生成第 {inspection.revision + 1} 版，并标记「已更改」。
        </Typography.Paragraph>
        <Input.TextArea
          aria-label="更改理由"
          placeholder="请说明更改理由（必填），例如：第 16 项评分录入错误"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          autoSize={{ minRows: 3 }}
          maxLength={500}
        />
      </Modal>
    </Space>
  );
}
