import { DeleteOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { DateField, TextField } from '../../../shared/form-fields.js';
import { FormModal } from '../../../shared/form-modal.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { affectedBy, problemKeys } from '../../../shared/query-keys.js';
import { useAuth, useCurrentUser } from '../../../shared/session/auth-context.js';
import { useDebouncedValue } from '../../../shared/use-debounced-value.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { deleteMeasure, saveMeasure, searchMembers, searchUsers } from '../api/problems.js';
import type { Measure, Problem } from '../../../../contract/rectification.js';

/** The owner as the picker holds it: a member (`m:<id>`) or the signed-in user (`u:<id>`). */
type OwnerValue = `m:${number}` | `u:${number}`;

interface Values {
  text: string;
  owner: OwnerValue;
  responsibleOrgId: number;
  deadline: Dayjs;
  doneOn: Dayjs | null;
  milestones?: { text: string; due: Dayjs | null }[];
}

/**
 * 责任人: a party member of the responsible org found by name, one of its accounts (for those who
 * may read accounts), or the signed-in user themself.
 */
function OwnerPicker({
  orgId,
  value,
  onChange,
  current,
}: {
  orgId: number | undefined;
  value?: OwnerValue;
  onChange?: (v: OwnerValue) => void;
  current: { value: OwnerValue; label: string } | null;
}) {
  const me = useCurrentUser();
  const { can } = useAuth();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim().slice(0, 50), 250);
  const { data: members } = useQuery({
    queryKey: problemKeys.owners('members', orgId ?? 0, q),
    queryFn: orgId ? ({ signal }) => searchMembers(orgId, q, signal) : skipToken,
    placeholderData: keepPreviousData,
  });
  const { data: accounts } = useQuery({
    queryKey: problemKeys.owners('users', orgId ?? 0, q),
    queryFn: orgId && can('user.read') ? ({ signal }) => searchUsers(orgId, q, signal) : skipToken,
    placeholderData: keepPreviousData,
  });
  const found = [
    { value: `u:${me.id}` as OwnerValue, label: `${me.displayName}（本人）` },
    ...(current ? [current] : []),
    ...(members?.items ?? []).map((m) => ({ value: `m:${m.id}` as OwnerValue, label: `${m.name}（党员）` })),
    ...(accounts?.items ?? []).map((u) => ({
      value: `u:${u.id}` as OwnerValue,
      label: `${u.displayName}（用户）`,
    })),
  ];
  // The signed-in user and the current owner may also turn up in the search: each listed once.
  const options = found.filter((o, n) => found.findIndex((x) => x.value === o.value) === n);
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={setSearch}
      value={value}
      onChange={onChange}
      options={options}
      placeholder="输入姓名搜索责任单位的党员或用户"
      data-testid="measure-owner"
    />
  );
}

const ownerOf = (m: Measure): { value: OwnerValue; label: string } =>
  m.ownerMemberId !== null
    ? { value: `m:${m.ownerMemberId}`, label: `${m.ownerName}（党员）` }
    : { value: `u:${m.ownerUserId!}`, label: m.ownerName };

function MeasureModal({
  problem,
  editing,
  onClose,
}: {
  problem: Problem;
  editing: Measure | 'new' | null;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const orgId = Form.useWatch('responsibleOrgId', form) as number | undefined;
  const measure = editing === 'new' ? null : editing;
  const save = useSubmit({
    submit: (v: Values) => {
      const [kind, id] = v.owner.split(':');
      return saveMeasure(problem.id, measure?.id ?? null, {
        text: v.text,
        ownerMemberId: kind === 'm' ? Number(id) : null,
        ownerUserId: kind === 'u' ? Number(id) : null,
        responsibleOrgId: v.responsibleOrgId,
        deadline: v.deadline.format('YYYY-MM-DD'),
        doneOn: v.doneOn ? v.doneOn.format('YYYY-MM-DD') : null,
        milestones: (v.milestones ?? []).map((m) => ({
          text: m.text,
          due: m.due!.format('YYYY-MM-DD'),
          doneOn: null,
        })),
      });
    },
    invalidates: affectedBy.problems,
    form,
    onSuccess: onClose,
  });
  return (
    <FormModal
      title={measure ? '修改整改措施' : '添加整改措施'}
      open={editing !== null}
      formId="measure-form"
      okText="保存"
      submitting={save.submitting}
      onCancel={onClose}
      afterClose={save.reset}
      data-testid="measure-modal"
    >
      {editing !== null && (
        <Form<Values>
          id="measure-form"
          name="measure-form"
          layout="vertical"
          form={form}
          clearOnDestroy
          initialValues={
            measure
              ? {
                  text: measure.text,
                  owner: ownerOf(measure).value,
                  responsibleOrgId: measure.responsibleOrgId,
                  deadline: dayjs(measure.deadline),
                  doneOn: measure.doneOn ? dayjs(measure.doneOn) : null,
                  milestones: measure.milestones.map((m) => ({ text: m.text, due: dayjs(m.due) })),
                }
              : { responsibleOrgId: problem.orgId, deadline: dayjs(problem.deadline), milestones: [] }
          }
          onFinish={save.run}
          disabled={save.submitting}
        >
          {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
          <TextField name="text" label="整改措施" max={1000} area required />
          <Form.Item
            label="责任单位"
            name="responsibleOrgId"
            rules={[{ required: true, message: '请选择责任单位' }]}
          >
            <OrgPicker selectedLabel={measure?.responsibleOrgName ?? problem.orgName} />
          </Form.Item>
          <Form.Item label="责任人" name="owner" rules={[{ required: true, message: '请选择责任人' }]}>
            <OwnerPicker orgId={orgId} current={measure ? ownerOf(measure) : null} />
          </Form.Item>
          <DateField name="deadline" label="完成期限" required="请选择完成期限" />
          <Form.List name="milestones">
            {(fields, { add, remove }) => (
              <Form.Item label="节点安排">
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap>
                    <Form.Item
                      name={[field.name, 'text']}
                      rules={[{ required: true, whitespace: true, message: '请输入节点内容' }]}
                    >
                      <Input placeholder="节点内容" maxLength={200} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'due']} rules={[{ required: true, message: '请选择日期' }]}>
                      <DatePicker placeholder="节点日期" />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(field.name)} aria-label="删除节点" />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ text: '', due: null })}>
                  添加节点
                </Button>
              </Form.Item>
            )}
          </Form.List>
          <DateField name="doneOn" label="完成日期（已完成时填写）" past />
        </Form>
      )}
    </FormModal>
  );
}

/** 任务清单 of one problem: its measures, kept by the org's users and the organizer above until 销号. */
export function MeasuresPanel({ problem }: { problem: Problem }) {
  const { modal } = App.useApp();
  const [editing, setEditing] = useState<Measure | 'new' | null>(null);
  const editable = (problem.canWork || problem.canVerify) && problem.status !== 'closed';
  const remove = useSubmit({
    submit: (m: Measure) => deleteMeasure(problem.id, m.id),
    invalidates: affectedBy.problems,
  });
  return (
    <>
      <List
        dataSource={problem.measuresList}
        locale={{ emptyText: '尚未制定整改措施' }}
        data-testid="measures"
        renderItem={(m) => (
          <List.Item
            actions={
              editable
                ? [
                    <Button key="edit" type="link" onClick={() => setEditing(m)}>
                      修改
                    </Button>,
                    <Button
                      key="delete"
                      type="link"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() =>
                        modal.confirm({
                          title: '删除这项整改措施？',
                          content: m.text,
                          okText: '删除',
                          okButtonProps: { danger: true },
                          cancelText: '取消',
                          onOk: () => remove.runAsync(m).catch(() => undefined),
                        })
                      }
                    />,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap size={4}>
                  <span>{m.text}</span>
                  {m.done && <Tag color="green">已完成 {m.doneOn}</Tag>}
                </Space>
              }
              description={
                <>
                  <div>
                    责任人 {m.ownerName} · 责任单位 {m.responsibleOrgName} · 期限 {m.deadline}
                  </div>
                  {m.milestones.map((s, n) => (
                    <Typography.Text key={n} type="secondary" style={{ display: 'block' }}>
                      节点 {n + 1}：{s.text}（{s.due}）{s.doneOn ? ` 已完成 ${s.doneOn}` : ''}
                    </Typography.Text>
                  ))}
                </>
              }
            />
          </List.Item>
        )}
      />
      {editable && (
        <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="measure-add">
          添加整改措施
        </Button>
      )}
      <MeasureModal problem={problem} editing={editing} onClose={() => setEditing(null)} />
    </>
  );
}
