import { Alert, Form, Typography } from 'antd';
import { isWithin } from '../../../../domain/org-tree.js';
import { FormModal } from '../../../shared/form-modal.js';
import { affectedBy } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { moveOrg } from '../api/move-org.js';
import type { Org } from '../../../../contract/orgs.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';

interface Props {
  open: boolean;
  org: Org | null;
  onClose: () => void;
  onMoved: (org: Org, oldParentId: number | null) => void;
}

export function MoveOrgModal({ open, org, onClose, onMoved }: Props) {
  const [form] = Form.useForm<{ parentId: number }>();
  // A move changes the paths of a whole subtree: every org list, member list and figure may differ.
  const move = useSubmit({
    submit: ({ org, parentId }: { org: Org; parentId: number }) => moveOrg(org.id, parentId),
    invalidates: affectedBy.orgs,
    form,
    onSuccess: (result, { org }) => onMoved(result, org.parentId),
  });

  return (
    <FormModal
      title={org ? `移动组织：${org.name}` : '移动组织'}
      open={open && org !== null}
      formId="move-org-form"
      okText="移动"
      submitting={move.submitting}
      onCancel={onClose}
      afterClose={move.reset}
      data-testid="move-org-modal"
    >
      {org && (
        <Form<{ parentId: number }>
          id="move-org-form"
          name="move-org-form"
          layout="vertical"
          form={form}
          onFinish={({ parentId }) => move.run({ org, parentId })}
          disabled={move.submitting}
        >
          {move.error && <Alert type="error" showIcon title={move.error} style={{ marginBottom: 16 }} />}
          <Typography.Paragraph type="secondary">
            「{org.name}」及其全部下级组织将一起移动到新的上级组织之下。
          </Typography.Paragraph>
          <Form.Item
            label="新的上级组织"
            name="parentId"
            rules={[{ required: true, message: '请选择新的上级组织' }]}
          >
            <OrgPicker
              autoFocus
              allowClear={false}
              placeholder="输入名称搜索上级组织"
              exclude={(hit) => isWithin(hit.path, org.path) || hit.id === org.parentId}
            />
          </Form.Item>
        </Form>
      )}
    </FormModal>
  );
}
