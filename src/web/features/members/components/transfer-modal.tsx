import { Alert, App, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { FormModal } from '../../../shared/form-modal.js';
import { affectedBy } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { blankToNull, disableFuture } from '../../../shared/date-values.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { transferMember } from '../api/transfer-member.js';
import type { Member } from '../../../../contract/members.js';

interface Values {
  toOrgId: number | null;
  transferredOn: Dayjs | null;
  note: string | null;
}

interface Props {
  open: boolean;
  member: Member | null;
  onClose: () => void;
  onTransferred: (member: Member) => void;
}

/** 转接组织关系: pick the receiving org, then confirm, because a transfer cannot be undone (only redone). */
export function TransferModal({ open, member, onClose, onTransferred }: Props) {
  const { modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [toName, setToName] = useState<string>('');

  const send = useSubmit({
    submit: ({ member, values }: { member: Member; values: Values }) =>
      transferMember(member.id, {
        toOrgId: values.toOrgId!,
        transferredOn: values.transferredOn!.format('YYYY-MM-DD'),
        note: blankToNull(values.note),
      }),
    invalidates: affectedBy.members,
    form,
    onSuccess: (member) => onTransferred(member),
  });

  function onFinish(values: Values) {
    if (!member) return;
    modal.confirm({
      title: '确认转接组织关系？',
      content: `将「${member.name}」的组织关系从「${member.orgName}」转到「${toName}」，转接日期 ${values.transferredOn!.format('YYYY-MM-DD')}。转接记录将永久保留。`,
      okText: '确认转接',
      cancelText: '取消',
      // What is sent is what the form holds when the confirmation is accepted: the form stays
      // editable behind it (Enter in 备注 opens it while typing goes on). The confirmation closes
      // either way; a failure is shown in the form, which stays open.
      onOk: () =>
        form
          .validateFields()
          .then((current) => send.runAsync({ member, values: current }))
          .catch(() => undefined),
    });
  }

  return (
    <FormModal
      title={member ? `转接组织关系：${member.name}` : '转接组织关系'}
      open={open && member !== null}
      formId="transfer-form"
      okText="转接"
      submitting={send.submitting}
      onCancel={onClose}
      afterClose={send.reset}
      data-testid="transfer-modal"
    >
      {member && (
        <Form<Values>
          id="transfer-form"
          name="transfer-form"
          layout="vertical"
          form={form}
          disabled={send.submitting}
          initialValues={{ toOrgId: null, transferredOn: dayjs(), note: null }}
          onFinish={onFinish}
        >
          {send.error && <Alert type="error" showIcon title={send.error} style={{ marginBottom: 16 }} />}
          <Form.Item label="当前所属党组织">
            <Input value={member.orgName} disabled />
          </Form.Item>
          <Form.Item
            label="转入党组织"
            name="toOrgId"
            rules={[
              { required: true, message: '请选择转入的党组织' },
              {
                validator: async (_, value: number | null) => {
                  if (value === member.orgId) throw new Error('转入组织不能与当前组织相同');
                },
              },
            ]}
          >
            <OrgPicker
              autoFocus
              placeholder="输入名称搜索党组织"
              exclude={(hit) => hit.id === member.orgId}
              onChange={(_, hit) => setToName(hit?.name ?? '')}
            />
          </Form.Item>
          <Form.Item
            label="转接日期"
            name="transferredOn"
            rules={[{ required: true, message: '请选择转接日期' }]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={disableFuture} />
          </Form.Item>
          <Form.Item label="备注" name="note" rules={[{ max: 200, message: '备注不能超过 200 个字' }]}>
            <Input maxLength={200} placeholder="如：工作调动" />
          </Form.Item>
        </Form>
      )}
    </FormModal>
  );
}
