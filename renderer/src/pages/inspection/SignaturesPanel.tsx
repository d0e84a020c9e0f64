import { useCallback, useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Radio, Space, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import SignaturePad from 'signature_pad';
import { SIGNER_ROLE_LABELS, type Signature } from '../../../../core/contract/signatures';
import type { InspectionSummary } from '../../../../core/contract/inspections';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatTime } from '../../format';
import { BlobImage } from './BlobImage';

interface SignerChoice {
  role: 'inspector' | 'agency';
  name: string;
  detail: string;
}

function SignDialog({
  inspectionId,
  initial,
  onDone,
  onClose,
}: {
  inspectionId: string;
  initial: SignerChoice;
  onDone(): void;
  onClose(): void;
}) {
  const pad = useRef<SignaturePad | null>(null);
  const [form] = Form.useForm<SignerChoice>();
  const [busy, setBusy] = useState(false);
  const [empty, setEmpty] = useState(true);
  const { message } = App.useApp();

  // A callback ref: the modal mounts its body after the dialog itself, so the canvas
  // appears in a later commit than this component's first effect would see.
  const canvas = useCallback((c: HTMLCanvasElement | null) => {
    pad.current?.off();
    pad.current = null;
    if (!c) return;
    // Match the canvas to its CSS size at the device's pixel ratio, or strokes come out blurred.
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    c.width = Math.max(1, c.offsetWidth) * ratio;
    c.height = Math.max(1, c.offsetHeight) * ratio;
    c.getContext('2d')?.scale(ratio, ratio);
    const p = new SignaturePad(c, { penColor: '#10204a', minWidth: 1, maxWidth: 3 });
    p.addEventListener('endStroke', () => setEmpty(p.isEmpty()));
    pad.current = p;
  }, []);

  return (
    <Modal
      open
      title="手写签名"
      width={640}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Space>
          <Button
            onClick={() => {
              pad.current?.clear();
              setEmpty(true);
            }}
          >
            清除重签
          </Button>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={busy} disabled={empty} onClick={() => form.submit()}>
            确认签名
          </Button>
        </Space>
      }
    >
      <Form<SignerChoice>
        form={form}
        layout="inline"
        initialValues={initial}
        style={{ marginBottom: 12 }}
        onFinish={async (v) => {
          const p = pad.current;
          if (!p || p.isEmpty()) return;
          setBusy(true);
          try {
            const png = p.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
            await api.call('signatures/add', {
              inspectionId,
              role: v.role,
              signerName: v.name,
              signerDetail: v.detail ?? '',
              pngBase64: png,
            });
            onDone();
          } catch (err) {
            message.error(errorMessage(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="role">
          <Radio.Group
            options={[
              { value: 'inspector', label: SIGNER_ROLE_LABELS.inspector },
              { value: 'agency', label: SIGNER_ROLE_LABELS.agency },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: '请填写签名人姓名' }]}>
          <Input placeholder="签名人姓名" style={{ width: 130 }} aria-label="签名人姓名" />
        </Form.Item>
        <Form.Item name="detail">
          <Input placeholder="执法证号或职务" style={{ width: 150 }} aria-label="执法证号或职务" />
        </Form.Item>
      </Form>
      <canvas
        ref={canvas}
        data-testid="signature-canvas"
        style={{ width: '100%', height: 220, border: '1px dashed #999', borderRadius: 4, touchAction: 'none', background: '#fff' }}
      />
      <Typography.Text type="secondary">请在框内用鼠标、触控板或触摸屏签名。</Typography.Text>
    </Modal>
  );
}

export function SignaturesPanel({ inspection, locked, onChanged }: { inspection: InspectionSummary; locked: boolean; onChanged(): void }) {
  const signatures = useQuery('signatures/list', { inspectionId: inspection.id });
  const [signing, setSigning] = useState<SignerChoice | null>(null);
  const { message } = App.useApp();
  const signed = signatures.data ?? [];
  const signedInspectors = new Set(signed.filter((s) => s.role === 'inspector').map((s) => s.signerName));
  const pending = inspection.inspectors.filter((p) => !signedInspectors.has(p.name));
  const agencySigned = signed.some((s) => s.role === 'agency');

  return (
    <div>
      {inspection.inspectors.length < 2 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="检查人员少于两名。行政执法检查一般应由两名以上执法人员进行，请核实。" />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        {!locked && pending.map((p) => (
          <Button key={p.name} icon={<EditOutlined />} disabled={locked} onClick={() => setSigning({ role: 'inspector', name: p.name, detail: p.badgeNo })}>
            {p.name} 签名
          </Button>
        ))}
        {!locked && !agencySigned && (
          <Button icon={<EditOutlined />} disabled={locked} onClick={() => setSigning({ role: 'agency', name: '', detail: '' })}>
            受检单位代表签名
          </Button>
        )}
        {pending.length === 0 && agencySigned && !locked && <Tag color="green">签名已齐全，可以签署锁定</Tag>}
        {locked && <Tag>记录已签署锁定，签名随版本保存</Tag>}
      </Space>
      {signatures.error && <Alert type="error" showIcon title={signatures.error} />}
      {signed.length === 0 ? (
        <Empty description="尚无签名" />
      ) : (
        <Space wrap size={12}>
          {signed.map((s: Signature) => (
            <Card
              key={s.id}
              size="small"
              style={{ width: 240 }}
              title={`${SIGNER_ROLE_LABELS[s.role]}：${s.signerName}`}
              extra={
                !locked && (
                  <Popconfirm title="删除这个签名？" okText="删除" cancelText="取消" onConfirm={async () => {
                    try {
                      await api.call('signatures/remove', { id: s.id });
                      signatures.reload();
                      onChanged();
                    } catch (err) {
                      message.error(errorMessage(err));
                    }
                  }}>
                    <Button type="link" size="small" danger>
                      删除
                    </Button>
                  </Popconfirm>
                )
              }
            >
              <BlobImage sha256={s.imageSha256} alt={`${s.signerName}的签名`} style={{ width: '100%', height: 90, objectFit: 'contain' }} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.signerDetail && `${s.signerDetail} · `}
                {formatTime(s.signedAt)}
              </Typography.Text>
            </Card>
          ))}
        </Space>
      )}
      {signing && (
        <SignDialog
          inspectionId={inspection.id}
          initial={signing}
          onClose={() => setSigning(null)}
          onDone={() => {
            setSigning(null);
            signatures.reload();
            onChanged();
          }}
        />
      )}
    </div>
  );
}
