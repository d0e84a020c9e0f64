import { useEffect, useState } from 'react';
import { App, Button, Dropdown, Modal, Space, Spin, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { PDF_FORM_LABELS as LABELS, PDF_FORM_NAMES } from '../../../../core/contract/pdf';
import { api, errorMessage } from '../../api/client';
import { base64ToBytes } from '../../files';

interface Rendered {
  form: (typeof PDF_FORM_NAMES)[number];
  fileName: string;
  url: string;
  missing: string[];
}

/** PDFs are made on the Node side (fonts, seal, hash); the page previews and saves them. */
export function PrintMenu({ inspectionId, kind }: { inspectionId: string; kind: 'agency' | 'exam' }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [doc, setDoc] = useState<Rendered | null>(null);
  const { modal } = App.useApp();

  useEffect(
    () => () => {
      if (doc) URL.revokeObjectURL(doc.url);
    },
    [doc],
  );

  async function render(form: Rendered['form']) {
    if (busy) return;
    setBusy(LABELS[form]);
    try {
      const r = await api.call('pdf/render', { inspectionId, form });
      setDoc({ form, fileName: r.fileName, url: URL.createObjectURL(new Blob([base64ToBytes(r.base64)], { type: 'application/pdf' })), missing: r.missingGlyphs });
    } catch (err) {
      modal.error({ title: `无法生成${LABELS[form]}`, content: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  }

  const forms = PDF_FORM_NAMES.filter((f) => kind === 'agency' || f !== 'attachment3');
  return (
    <>
      <Dropdown
        disabled={!!busy}
        menu={{ items: forms.map((f) => ({ key: f, label: LABELS[f] })), onClick: ({ key }) => void render(key as Rendered['form']) }}
      >
        <Button size="small" icon={<PrinterOutlined />} loading={!!busy}>
          打印 / PDF
        </Button>
      </Dropdown>
      <Modal open={!!busy} footer={null} closable={false} mask={{ closable: false }} width={360}>
        <Space>
          <Spin />
          <span>正在生成{busy}，请稍候…</span>
        </Space>
      </Modal>
      <Modal
        open={!!doc}
        title={doc ? `${LABELS[doc.form]} · 打印预览` : ''}
        width="90vw"
        style={{ top: 16 }}
        onCancel={() => setDoc(null)}
        footer={
          doc && (
            <Space>
              <Button onClick={() => setDoc(null)}>关闭</Button>
              <Button type="primary" icon={<DownloadOutlined />} href={doc.url} download={doc.fileName}>
                保存为 PDF
              </Button>
            </Space>
          )
        }
      >
        {doc && (
          <>
            {doc.missing.length > 0 && (
              <Typography.Paragraph type="danger">
                注意：{doc.missing.join(' ')} 没有可用字体，已印为 〓，请手写补正。
              </Typography.Paragraph>
            )}
            <iframe title="PDF 预览" src={doc.url} style={{ width: '100%', height: '72vh', border: '1px solid #ddd' }} />
          </>
        )}
      </Modal>
    </>
  );
}
