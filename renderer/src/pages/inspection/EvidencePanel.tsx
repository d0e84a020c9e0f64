import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, Modal, Popconfirm, Select, Space, Typography } from 'antd';
import { CameraOutlined, DeleteOutlined, FileImageOutlined } from '@ant-design/icons';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatTime } from '../../format';
import { BlobImage } from './BlobImage';
import { ITEM_OPTIONS } from './FindingsPanel';
import { NotAnImageError, preparePhoto } from './photo';

function CameraDialog({ onCapture, onClose }: { onCapture(video: HTMLVideoElement): Promise<void>; onClose(): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(() =>
    navigator.mediaDevices ? null : '此环境不支持摄像头，请改用「从文件添加」。',
  );
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let stream: MediaStream | null = null;
    navigator.mediaDevices
      ?.getUserMedia({ video: { width: { ideal: 1600 }, height: { ideal: 1200 } }, audio: false })
      .then((s) => {
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
      })
      .catch(() => setError('无法打开摄像头：请检查摄像头是否连接、是否被其他程序占用，或改用「从文件添加」。'));
    return () => stream?.getTracks().forEach((t) => t.stop());
  }, []);
  return (
    <Modal
      open
      title="拍照取证"
      okText="拍照"
      onCancel={onClose}
      okButtonProps={{ disabled: !!error, loading: busy }}
      onOk={async () => {
        if (!video.current) return;
        setBusy(true);
        try {
          await onCapture(video.current);
        } finally {
          setBusy(false);
        }
      }}
      width={720}
    >
      {error ? <Alert type="error" showIcon title={error} /> : <video ref={video} style={{ width: '100%', background: '#000' }} muted playsInline />}
    </Modal>
  );
}

export function EvidencePanel({ inspectionId, locked }: { inspectionId: string; locked: boolean }) {
  const evidence = useQuery('evidence/list', { inspectionId });
  const findings = useQuery('findings/list', { inspectionId });
  const [itemNo, setItemNo] = useState<number | null>(null);
  const [findingId, setFindingId] = useState<string | null>(null);
  const [caption, setCaption] = useState('');
  const [busy, setBusy] = useState(false);
  const [camera, setCamera] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const { message } = App.useApp();

  async function add(source: Blob | HTMLVideoElement, takenAt: Date) {
    setBusy(true);
    const hide = message.loading('正在处理照片…', 0);
    try {
      const photo = await preparePhoto(source);
      await api.call('evidence/add', {
        inspectionId,
        itemNo,
        findingId,
        imageBase64: photo.imageBase64,
        thumbBase64: photo.thumbBase64,
        takenAt: takenAt.toISOString(),
        caption,
      });
      message.success(`已添加照片（${photo.width}×${photo.height}）`);
      setCaption('');
      evidence.reload();
    } catch (err) {
      message.error(err instanceof NotAnImageError ? err.message : errorMessage(err));
    } finally {
      hide();
      setBusy(false);
    }
  }

  return (
    <div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="关联检查项（可选）"
            style={{ width: 260 }}
            options={ITEM_OPTIONS}
            value={itemNo}
            onChange={(v) => setItemNo(v ?? null)}
            disabled={locked}
          />
          <Select
            allowClear
            placeholder="关联问题（可选）"
            style={{ width: 240 }}
            options={(findings.data ?? []).map((f) => ({ value: f.id, label: f.description.slice(0, 30) }))}
            value={findingId}
            onChange={(v) => setFindingId(v ?? null)}
            disabled={locked}
          />
          <Input placeholder="照片说明（可选）" value={caption} onChange={(e) => setCaption(e.target.value)} style={{ width: 220 }} maxLength={200} disabled={locked} />
          <Button icon={<CameraOutlined />} disabled={locked || busy} onClick={() => setCamera(true)}>
            拍照
          </Button>
          <Button icon={<FileImageOutlined />} disabled={locked} loading={busy} onClick={() => file.current?.click()}>
            从文件添加
          </Button>
          <input
            ref={file}
            type="file"
            accept="image/*"
            aria-label="选择照片文件"
            style={{ display: 'none' }}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void add(f, new Date(f.lastModified || Date.now()));
            }}
          />
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          照片会自动缩小到不超过 200 万像素并按内容哈希保存在数据目录中；只接受图片文件。
        </Typography.Paragraph>
      </Card>
      {evidence.error && <Alert type="error" showIcon title={evidence.error} />}
      {(evidence.data ?? []).length === 0 ? (
        <Empty description="尚无照片证据" />
      ) : (
        <>
          <Space wrap size={12}>
            {(evidence.data ?? []).map((e) => (
              <Card
                key={e.id}
                size="small"
                style={{ width: 200 }}
                cover={<BlobImage sha256={e.thumbSha256} alt={e.caption || '照片'} style={{ width: '100%', height: 140, objectFit: 'cover' }} />}
                actions={
                  locked
                    ? []
                    : [
                        <Popconfirm key="rm" title="移除这张照片？" okText="移除" cancelText="取消" onConfirm={async () => {
                          try {
                            await api.call('evidence/remove', { id: e.id });
                            evidence.reload();
                          } catch (err) {
                            message.error(errorMessage(err));
                          }
                        }}>
                          <DeleteOutlined aria-label="移除照片" />
                        </Popconfirm>,
                      ]
                }
              >
                <Typography.Text style={{ fontSize: 12 }}>
                  {e.itemNo ? `第 ${e.itemNo} 项 · ` : ''}
                  {e.caption || '照片'}
                  <br />
                  {formatTime(e.takenAt)} · {e.width}×{e.height}
                </Typography.Text>
              </Card>
            ))}
          </Space>
        </>
      )}
      {camera && (
        <CameraDialog
          onClose={() => setCamera(false)}
          onCapture={async (video) => {
            await add(video, new Date());
            setCamera(false);
          }}
        />
      )}
    </div>
  );
}
