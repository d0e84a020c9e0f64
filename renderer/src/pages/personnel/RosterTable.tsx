import { useState } from 'react';
import { App, Button, Checkbox, Input, Popconfirm, Select, Table } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import type { Counts, Person } from '../../../../core/contract/personnel';
import { CHECK_VALUES, ROSTER_COLUMNS, type CheckValue, type PersonRow } from '../../../../forms/attachment2';
import { api, errorMessage } from '../../api/client';
import './personnel.css';

const LABEL = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, c.label])) as Record<(typeof ROSTER_COLUMNS)[number]['key'], string>;

function toRow(p: Person): PersonRow {
  return {
    name: p.name,
    certNo: p.certNo,
    practising: p.practising,
    education: p.education,
    title: p.title,
    note: p.note,
    disclosureCancelled: p.disclosureCancelled,
    qualificationRevoked: p.qualificationRevoked,
  };
}

const CHECK_OPTIONS = CHECK_VALUES.map((v) => ({
  value: v,
  label: <span style={{ color: v === '否' ? '#cf1322' : undefined, fontWeight: v === '否' ? 600 : undefined }}>{v}</span>,
}));

interface Props {
  persons: Person[];
  height: number;
  onChanged(person: Person, counts: Counts): void;
  onDeleted(id: string, counts: Counts): void;
}

/**
 * The （二） roster, edited in place. Virtualised (antd Table `virtual`): only
 * the rows on screen are rendered, so 500+ people scroll and edit smoothly.
 * Each change is saved at once (text on blur or Enter, choices on select);
 * a refused change shows the reason and the cell returns to the saved value.
 */
export function RosterTable({ persons, height, onChanged, onDeleted }: Props) {
  const { message } = App.useApp();
  // Bumped when a save is refused, so uncontrolled inputs remount with the saved value.
  const [resets, setResets] = useState<Record<string, number>>({});

  async function commit(p: Person, patch: Partial<PersonRow>) {
    try {
      const r = await api.call('personnel/updateRow', { id: p.id, person: { ...toRow(p), ...patch } });
      onChanged(r.person, r.counts);
    } catch (err) {
      message.error(`第 ${p.seq} 行未保存：${errorMessage(err)}`);
      setResets((m) => ({ ...m, [p.id]: (m[p.id] ?? 0) + 1 }));
    }
  }

  async function remove(p: Person) {
    try {
      const r = await api.call('personnel/deleteRow', { id: p.id });
      onDeleted(p.id, r.counts);
      message.success(`已删除第 ${p.seq} 行（${p.name}）`);
    } catch (err) {
      message.error(errorMessage(err));
    }
  }

  const text = (key: 'name' | 'certNo' | 'note', placeholder: string) => (_: unknown, p: Person) => (
    <Input
      key={`${p.id}:${p.updatedAt}:${resets[p.id] ?? 0}`}
      defaultValue={p[key]}
      placeholder={placeholder}
      variant="borderless"
      aria-label={`第 ${p.seq} 行 ${LABEL[key]}`}
      onPressEnter={(e) => e.currentTarget.blur()}
      onBlur={(e) => {
        const v = e.currentTarget.value;
        if (v.trim() !== p[key]) void commit(p, { [key]: v });
      }}
    />
  );

  const check = (key: 'practising' | 'education' | 'title') => (_: unknown, p: Person) => (
    <Select<CheckValue>
      key={`${p.id}:${resets[p.id] ?? 0}`}
      value={p[key]}
      options={CHECK_OPTIONS}
      variant="borderless"
      style={{ width: '100%' }}
      aria-label={`第 ${p.seq} 行 ${LABEL[key]}`}
      onChange={(v) => void commit(p, { [key]: v })}
    />
  );

  const flag = (key: 'disclosureCancelled' | 'qualificationRevoked') => (_: unknown, p: Person) => (
    <Checkbox
      checked={p[key]}
      aria-label={`第 ${p.seq} 行 ${LABEL[key]}`}
      onChange={(e) => void commit(p, { [key]: e.target.checked })}
    />
  );

  return (
    <Table<Person>
      virtual
      rowKey="id"
      size="small"
      bordered
      pagination={false}
      dataSource={persons}
      scroll={{ x: 1092, y: height }}
      locale={{ emptyText: '清单中还没有人员。点击「导入花名册」或「添加人员」。' }}
      rowClassName={(p) => (p.practising === '否' || p.education === '否' || p.title === '否' ? 'roster-row-problem' : '')}
      columns={[
        { title: LABEL.seq, dataIndex: 'seq', width: 50, align: 'center' },
        { title: LABEL.name, width: 110, render: text('name', '姓名') },
        { title: LABEL.practising, width: 100, render: check('practising') },
        { title: LABEL.education, width: 116, render: check('education') },
        { title: LABEL.title, width: 116, render: check('title') },
        { title: LABEL.note, width: 230, render: text('note', '') },
        { title: LABEL.certNo, width: 170, render: text('certNo', '—') },
        { title: LABEL.disclosureCancelled, width: 72, align: 'center', render: flag('disclosureCancelled') },
        { title: LABEL.qualificationRevoked, width: 72, align: 'center', render: flag('qualificationRevoked') },
        {
          title: '操作',
          width: 56,
          align: 'center',
          render: (_, p) => (
            <Popconfirm title={`删除第 ${p.seq} 行（${p.name}）？`} description="其后的序号会前移。" okText="删除" cancelText="取消" onConfirm={() => remove(p)}>
              <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`删除第 ${p.seq} 行`} />
            </Popconfirm>
          ),
        },
      ]}
    />
  );
}
