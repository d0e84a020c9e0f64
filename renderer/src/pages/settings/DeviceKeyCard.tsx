/**
 * 设置 → 设备密钥: the public fingerprint the bureau compares, the signature algorithm
 * (Ed25519, or SM2/SM3 国密), and the enrollment request to hand to the bureau.
 * The private key never reaches the page.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Select, Space, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { SIGNATURE_ALGS, SIGNATURE_ALG_LABELS, type SignatureAlg } from '../../../../core/contract/keys';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { downloadText } from '../../files';

const PROTECTION = { os: '系统钥匙串加密保存', file: '仅本机当前用户可读的文件' } as const;

export function DeviceKeyCard() {
  const keys = useQuery('keys/show', {});
  const [busy, setBusy] = useState(false);
  const { message, modal } = App.useApp();
  const current = keys.data?.current;

  async function choose(alg: SignatureAlg) {
    if (busy || alg === current?.alg) return;
    setBusy(true);
    try {
      const shown = await api.call('keys/setAlg', { alg });
      message.success(`已改用 ${SIGNATURE_ALG_LABELS[shown.current.alg]}：新导出的数据包用该算法签名。`);
      keys.reload();
    } catch (err) {
      modal.error({ title: '无法切换签名算法', content: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  async function enrollment() {
    if (busy) return;
    setBusy(true);
    try {
      const e = await api.call('keys/exportEnrollment', {});
      downloadText(e.fileName, e.text, 'application/json');
      modal.info({ title: '已导出登记申请', content: `请把“${e.fileName}”交给市局，并在对方导入时核对指纹：${e.fingerprint}` });
    } catch (err) {
      modal.error({ title: '无法导出登记申请', content: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="设备密钥（数据包签名）" size="small">
      {keys.error && <Alert type="error" showIcon title={keys.error} style={{ marginBottom: 12 }} />}
      {current && (
        <Descriptions column={1} bordered size="small" styles={{ label: { width: 160 } }}>
          <Descriptions.Item label="公钥指纹">
            <Typography.Text code copyable data-testid="device-fingerprint">
              {current.fingerprint}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="密钥编号">{current.keyId}</Descriptions.Item>
          <Descriptions.Item label="签名算法">
            <Select<SignatureAlg>
              value={current.alg}
              style={{ width: 200 }}
              disabled={busy}
              onChange={(v) => void choose(v)}
              options={SIGNATURE_ALGS.map((a) => ({ value: a, label: SIGNATURE_ALG_LABELS[a] }))}
              aria-label="签名算法"
            />
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              切换算法会使用（首次时生成）该算法的另一把密钥，需重新向市局登记。
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="私钥保存">{PROTECTION[current.protection]}；私钥不会离开本机，也不会出现在数据包中。</Descriptions.Item>
        </Descriptions>
      )}
      <Space style={{ marginTop: 12 }}>
        <Button icon={<SafetyCertificateOutlined />} onClick={() => void enrollment()} loading={busy}>
          导出登记申请
        </Button>
        <Typography.Text type="secondary">交市局导入后，市局即信任本机导出的数据包。</Typography.Text>
      </Space>
    </Card>
  );
}
