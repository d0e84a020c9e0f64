/**
 * 设置 → 同步: connect this laptop to the bureau's receiver and watch the deliveries.
 * Connecting pins the receiver's key, so the inspector first compares its fingerprint
 * with the bureau by phone or in writing — the file alone could have been swapped on the
 * way. Once connected the sender runs in the host; this page only shows what it did.
 */
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { ApiOutlined, DisconnectOutlined, ImportOutlined, SyncOutlined } from '@ant-design/icons';
import { SIGNATURE_ALG_LABELS } from '../../../../core/contract/keys';
import { DEVICE_STATE_LABELS, type ConnectionInfo, type SyncStatus } from '../../../../core/contract/sync';
import { api, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatAgo, formatSize, formatTime } from '../../format';
import { DeliveryTag } from '../../parts/DeliveryTag';
import { exchangeSummary, fingerprintGroups, outcomeSummary } from '../../parts/sync-words';
import { useSync } from '../../stores/sync';

type Recent = SyncStatus['recent'][number];


function Fingerprint({ value, large, testId }: { value: string; large?: boolean; testId: string }) {
  return (
    <Typography.Text
      data-testid={testId}
      copyable={{ text: fingerprintGroups(value) }}
      style={{
        fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
        fontSize: large ? 26 : 14,
        fontWeight: large ? 600 : 400,
        letterSpacing: large ? 1 : 0,
        wordSpacing: large ? 10 : 4,
      }}
    >
      {fingerprintGroups(value)}
    </Typography.Text>
  );
}

function Addresses({ urls }: { urls: string[] }) {
  return (
    <Space orientation="vertical" size={0}>
      {urls.map((u) => (
        <Typography.Text key={u} code>
          {u}
        </Typography.Text>
      ))}
    </Space>
  );
}

function transportNote(info: ConnectionInfo): string {
  if (info.hasTlsCertificate) return '文件附带接收端的 TLS 证书：只与持有该证书的接收端建立加密连接';
  if (info.urls.every((u) => u.startsWith('https:'))) return '使用本机系统信任的 TLS 证书加密连接';
  return '未附带 TLS 证书；数据包与回执均有签名，被篡改时会被发现';
}

// --- not connected: import the file, compare the fingerprint, connect -------------------

function ConnectCard() {
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ text: string; fileName: string; info: ConnectionInfo } | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const setStatus = useSync((s) => s.setStatus);
  const { message, modal } = App.useApp();

  async function read(f: File) {
    setBusy(true);
    try {
      const text = await f.text();
      const info = await api.call('sync/preview', { text });
      setPreview({ text, fileName: f.name, info });
    } catch (err) {
      modal.error({ title: '无法读取接收端连接文件', content: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  async function connect() {
    if (!preview || busy) return;
    setBusy(true);
    try {
      const status = await api.call('sync/connect', { text: preview.text, fingerprint: preview.info.fingerprint });
      setStatus(status);
      setPreview(null);
      message.success(`已连接接收端「${preview.info.name}」`);
    } catch (err) {
      modal.error({ title: '未能连接接收端', content: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="连接市局接收端" size="small" data-testid="sync-connect">
      <Typography.Paragraph type="secondary">
        连接后，签署锁定的检查会自动发送到市局接收端，并取回送达回执。未连接时督查台不发起任何网络请求；也可以随时用「数据交换」导出文件提交。
      </Typography.Paragraph>
      <input
        ref={file}
        type="file"
        accept=".json,application/json"
        aria-label="选择接收端连接文件"
        style={{ display: 'none' }}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void read(f);
        }}
      />
      {!preview && (
        <Space>
          <Button type="primary" icon={<ImportOutlined />} loading={busy} onClick={() => file.current?.click()}>
            导入接收端连接文件
          </Button>
          <Typography.Text type="secondary">由市局提供的 .ducha-receiver.json 文件</Typography.Text>
        </Space>
      )}
      {preview && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="sync-preview">
          <Descriptions column={1} bordered size="small" styles={{ label: { width: 160 } }}>
            <Descriptions.Item label="接收端名称">
              <span data-testid="preview-name">{preview.info.name}</span>
            </Descriptions.Item>
            <Descriptions.Item label="地址">
              <Addresses urls={preview.info.urls} />
            </Descriptions.Item>
            <Descriptions.Item label="签名算法">{SIGNATURE_ALG_LABELS[preview.info.alg]}</Descriptions.Item>
            <Descriptions.Item label="密钥编号">{preview.info.keyId}</Descriptions.Item>
            <Descriptions.Item label="传输">{transportNote(preview.info)}</Descriptions.Item>
            <Descriptions.Item label="文件">{preview.fileName}</Descriptions.Item>
          </Descriptions>
          <div style={{ textAlign: 'center', padding: '12px 0', background: '#f6f8fb', borderRadius: 4 }}>
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
              接收端公钥指纹
            </Typography.Text>
            <Fingerprint value={preview.info.fingerprint} large testId="preview-fingerprint" />
          </div>
          <Alert type="warning" showIcon title="请与市局管理员核对指纹（电话或书面），一致后再确认" description="指纹不一致时请勿连接，并告知市局：连接文件可能在传递中被替换。" />
          <Space>
            <Button type="primary" icon={<ApiOutlined />} loading={busy} onClick={() => void connect()}>
              指纹一致，连接
            </Button>
            <Button disabled={busy} onClick={() => setPreview(null)}>
              取消
            </Button>
          </Space>
        </Space>
      )}
    </Card>
  );
}

// --- connected: the receiver, this device, the queue, 立即同步 ---------------------------


const PENDING_ADVICE = '设备尚未获批准，请联系市局管理员核准指纹';

function DeviceState({ status }: { status: SyncStatus }) {
  const keys = useQuery('keys/show', {});
  const { state, message } = status.device;
  const label = DEVICE_STATE_LABELS[state];
  const own = keys.data?.current;
  const ownKey = own && (
    <span>
      本机指纹 <Fingerprint value={own.fingerprint} testId="sync-device-fingerprint" />（密钥编号 <span data-testid="sync-device-keyid">{own.keyId}</span>）
    </span>
  );
  const common = { showIcon: true, 'data-testid': 'sync-device-state', 'data-state': state } as const;
  switch (state) {
    case 'pending':
      return (
        <Alert
          {...common}
          type="warning"
          title={label}
          description={
            <Space orientation="vertical" size={2}>
              {/* The receiver's own words when it gave them; they already say what to do. */}
              <span>{message?.includes(PENDING_ADVICE) ? message : `${PENDING_ADVICE}。${message ?? '在批准之前，接收端会保留送达的数据包，批准后自动入库。'}`}</span>
              {ownKey}
            </Space>
          }
        />
      );
    case 'approved':
      // The receiver's message usually repeats the label: then it is the title alone.
      return message?.startsWith(label) ? (
        <Alert {...common} type="success" title={message} />
      ) : (
        <Alert {...common} type="success" title={label} description={message ?? '市局已核准本机，送达的数据包直接入库。'} />
      );
    case 'revoked':
      return (
        <Alert
          {...common}
          type="error"
          title={label}
          description={
            <Space orientation="vertical" size={2}>
              <span>{message ?? '市局已停用本机：接收端不再接收本机的数据包。请联系市局管理员。'}</span>
              <span>未送达的检查仍完整保存在本机，也可用「数据交换」导出文件提交。</span>
              {ownKey}
            </Space>
          }
        />
      );
    case 'unknown':
      return (
        <Alert
          {...common}
          type="info"
          title={label}
          description={
            <Space orientation="vertical" size={2}>
              <span>{message ?? '本机尚未向接收端登记，点击「立即同步」即可登记。'}</span>
              {ownKey}
            </Space>
          }
        />
      );
  }
}

function QueueCounts({ queue }: { queue: SyncStatus['queue'] }) {
  return (
    <Space size={4} wrap data-testid="sync-queue">
      <Tag color="blue">待发送 {queue.queued}</Tag>
      <Tag color="gold">待批准 {queue.held}</Tag>
      <Tag color={queue.failed > 0 ? 'red' : 'default'}>发送失败 {queue.failed}</Tag>
      <Tag color="green">已送达 {queue.delivered}</Tag>
    </Space>
  );
}

function RecentTable({ recent }: { recent: Recent[] }) {
  return (
    <Table<Recent>
      rowKey={(r) => `${r.inspectionId}@${r.revision}#${r.part}`}
      size="small"
      dataSource={recent}
      pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: <Empty description="还没有要发送的数据包。检查签署锁定后会自动排入发送队列。" /> }}
      columns={[
        {
          title: '检查',
          ellipsis: true,
          render: (_, r) => (
            <span title={r.agencyName}>
              {r.inspectedOn} {r.agencyName}
            </span>
          ),
        },
        // Parts count from 0; only a revision split for its evidence has more than one.
        { title: '版本', width: 130, render: (_, r) => `第 ${r.revision} 版${r.part > 0 ? ` · 第 ${r.part + 1} 部分` : ''}` },
        {
          title: '状态',
          width: 260,
          render: (_, r) => (
            <DeliveryTag
              delivery={{
                inspectionId: r.inspectionId,
                revision: r.revision,
                state: r.state,
                parts: 1,
                delivered: r.state === 'delivered' ? 1 : 0,
                receivedAt: r.receivedAt,
                error: r.error,
                nextAttemptAt: r.nextAttemptAt,
              }}
            />
          ),
        },
        { title: '大小', width: 90, render: (_, r) => (r.bytes === null ? '—' : formatSize(r.bytes)) },
        // Failures in a row since the last success: what the back-off is counting.
        { title: '连续失败', width: 90, render: (_, r) => (r.attempts > 0 ? `${r.attempts} 次` : '—') },
      ]}
    />
  );
}

function ConnectedView({ status }: { status: SyncStatus & { connection: NonNullable<SyncStatus['connection']> } }) {
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<ReturnType<typeof outcomeSummary> | null>(null);
  const [exchange, setExchange] = useState<ReturnType<typeof exchangeSummary>>(null);
  const setStatus = useSync((s) => s.setStatus);
  const { message, modal } = App.useApp();
  const c = status.connection;
  const busy = running || status.sending;

  async function syncNow() {
    if (running) return;
    setRunning(true);
    setResult(null);
    setExchange(null);
    try {
      const r = await api.call('sync/now', {});
      setStatus(r.status);
      setResult(outcomeSummary(r.outcomes));
      setExchange(exchangeSummary(r.exchange));
    } catch (err) {
      setResult({ type: 'error', text: `同步未完成：${errorMessage(err)}`, failures: [] });
      void useSync.getState().refresh();
    } finally {
      setRunning(false);
    }
  }

  function disconnect() {
    modal.confirm({
      title: '断开与接收端的连接？',
      content: (
        <Space orientation="vertical" size={4}>
          <span>断开后督查台不再联网发送数据包，也不再取回回执。</span>
          <span>不会丢失任何数据：已送达的回执保留，尚未送达的检查仍完整保存在本机，可随时重新导入连接文件继续发送，或用「数据交换」导出文件提交。</span>
        </Space>
      ),
      okText: '断开连接',
      okButtonProps: { danger: true },
      cancelText: '取消',
      async onOk() {
        try {
          setStatus(await api.call('sync/disconnect', {}));
          setResult(null);
          message.success('已断开与接收端的连接');
        } catch (err) {
          modal.error({ title: '未能断开连接', content: errorMessage(err) });
        }
      },
    });
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="接收端"
        size="small"
        data-testid="sync-connected"
        extra={
          <Button icon={<DisconnectOutlined />} onClick={disconnect}>
            断开连接
          </Button>
        }
      >
        <Descriptions column={1} bordered size="small" styles={{ label: { width: 160 } }}>
          <Descriptions.Item label="接收端名称">
            <span data-testid="sync-receiver-name">{c.name}</span>
          </Descriptions.Item>
          <Descriptions.Item label="地址">
            <Addresses urls={c.urls} />
          </Descriptions.Item>
          <Descriptions.Item label="公钥指纹">
            <Fingerprint value={c.fingerprint} testId="sync-receiver-fingerprint" />
          </Descriptions.Item>
          <Descriptions.Item label="连接时间">{formatTime(c.connectedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title="同步状态"
        size="small"
        extra={
          <Button type="primary" icon={<SyncOutlined spin={busy} />} loading={running} onClick={() => void syncNow()}>
            {running ? '正在同步…' : '立即同步'}
          </Button>
        }
      >
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <DeviceState status={status} />
          {running && <Alert type="info" showIcon icon={<Spin size="small" />} title="正在同步：登记本机、发送到期的数据包并取回回执…" data-testid="sync-now-running" />}
          {result && (
            <Alert
              type={result.type}
              showIcon
              closable
              onClose={() => setResult(null)}
              data-testid="sync-now-result"
              title={result.text}
              description={result.failures.length > 0 ? result.failures.map((f) => <div key={f}>{f}</div>) : undefined}
            />
          )}
          {exchange && (
            <Alert
              type={exchange.type}
              showIcon
              closable
              onClose={() => setExchange(null)}
              data-testid="sync-exchange-result"
              title={exchange.text}
              description={exchange.failures.length > 0 ? exchange.failures.map((f) => <div key={f}>{f}</div>) : undefined}
            />
          )}
          <Descriptions column={2} bordered size="small" styles={{ label: { width: 120 } }}>
            <Descriptions.Item label="最近联系">
              <span data-testid="sync-last-contact">
                {status.lastContactAt ? `${formatTime(status.lastContactAt)}（${formatAgo(status.lastContactAt)}）` : '从未联系'}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label="下次尝试">
              {status.sending ? '正在发送…' : status.nextAttemptAt ? formatTime(status.nextAttemptAt) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label="发送队列" span={2}>
              <QueueCounts queue={status.queue} />
            </Descriptions.Item>
            {status.pull && (
              <>
                <Descriptions.Item label="最近拉取">
                  <span data-testid="sync-last-pull">{status.pull.lastPullAt ? `${formatTime(status.pull.lastPullAt)}（${formatAgo(status.pull.lastPullAt)}）` : '尚未拉取'}</span>
                </Descriptions.Item>
                <Descriptions.Item label="今日收到">
                  <span data-testid="sync-imported-today">{status.pull.importedToday} 个数据包</span>
                </Descriptions.Item>
              </>
            )}
            <Descriptions.Item label="最近错误" span={2}>
              {status.lastError ? (
                <Typography.Text type="danger" data-testid="sync-last-error">
                  {status.lastError}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">无</Typography.Text>
              )}
            </Descriptions.Item>
          </Descriptions>
        </Space>
      </Card>
      <Card title="最近的数据包" size="small" data-testid="sync-recent">
        <RecentTable recent={status.recent} />
      </Card>
    </Space>
  );
}

export function SyncPanel() {
  const status = useSync((s) => s.status);
  const error = useSync((s) => s.error);
  if (!status) {
    if (error) return <Alert type="error" showIcon title="无法读取同步状态" description={error} />;
    return <Spin description="正在读取同步状态…" style={{ display: 'block', marginTop: 40 }} />;
  }
  const { connection } = status;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="sync-panel">
      {error && <Alert type="warning" showIcon title={`同步状态可能不是最新的：${error}`} />}
      {connection ? <ConnectedView status={{ ...status, connection }} /> : <ConnectCard />}
    </Space>
  );
}
