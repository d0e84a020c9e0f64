import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { TemplateRecord } from '../../../../core/contract/templates';
import { api, ApiCallError, errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatTime } from '../../format';

/** 附件3 scoring templates: the bureau loads a JSON file, the app checks the sums. */
export function TemplatesCard() {
  const templates = useQuery('templates/list', {});
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const { message, modal } = App.useApp();

  async function importFile(f: File) {
    setBusy(true);
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await f.text());
      } catch {
        throw new Error('所选文件不是有效的 JSON，请选择评分模板文件（.json）。');
      }
      const r = await api.call('templates/import', { template: parsed, makeDefault: false });
      message.success(r.created ? `已导入评分模板「${r.template.name}」版本 ${r.template.version}` : '该模板版本已存在，内容相同，未重复导入');
      templates.reload();
    } catch (err) {
      modal.error({ title: '评分模板未导入', content: err instanceof ApiCallError ? err.error.message : (err as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title="附件3 评分模板"
      size="small"
      extra={
        <Button icon={<UploadOutlined />} loading={busy} onClick={() => file.current?.click()}>
          导入模板
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        通知只规定了一级指标的分值；各项满分由评分模板分配。新建检查使用默认模板，已有检查保留其评分时的模板版本。
      </Typography.Paragraph>
      <input
        ref={file}
        type="file"
        accept=".json,application/json"
        aria-label="选择评分模板文件"
        style={{ display: 'none' }}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void importFile(f);
        }}
      />
      {templates.error && <Alert type="error" showIcon title={templates.error} />}
      <Table<TemplateRecord>
        rowKey={(t) => `${t.id}@${t.version}`}
        size="small"
        pagination={false}
        loading={templates.loading}
        dataSource={templates.data ?? []}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '编号', dataIndex: 'id', width: 200 },
          { title: '版本', dataIndex: 'version', width: 90 },
          { title: '导入时间', dataIndex: 'createdAt', width: 150, render: (t: string) => formatTime(t) },
          {
            title: '',
            width: 170,
            render: (_, t) =>
              t.isDefault ? (
                <Tag color="blue">默认</Tag>
              ) : (
                <Space>
                  {t.builtIn && <Tag>内置</Tag>}
                  <Popconfirm
                    title="设为新建检查的默认模板？"
                    okText="设为默认"
                    cancelText="取消"
                    onConfirm={async () => {
                      try {
                        await api.call('templates/setDefault', { id: t.id, version: t.version });
                        templates.reload();
                      } catch (err) {
                        message.error(errorMessage(err));
                      }
                    }}
                  >
                    <Button size="small" type="link">
                      设为默认
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
