import { Alert, Form, Typography } from 'antd';
import { useState } from 'react';
import { isWithin } from '../../../../domain/org-tree.js';
import { FormModal } from '../../../components/form-modal.js';
import { errorText } from '../../../lib/api-client.js';
import { moveOrg } from '../api/move-org.js';
import type { Org } from '../../../../contract/orgs.js';
import { OrgPicker } from './org-picker.js';

interface Props {
  open: boolean;
  org: Org | null;
  onClose: () => void;
  onMoved: (org: Org, oldParentId: number | null) => void;
}

export function MoveOrgModal({ open, org, onClose, onMoved }: Props) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onFinish(values: { parentId: number }) {
    if (!org) return;
    setSubmitting(true);
    setError(null);
    try {
      const result = await moveOrg(org.id, values.parentId);
      onMoved(result, org.parentId);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <FormModal
      title={org ? `移动组织：${org.name}` : '移动组织'}
      open={open && org !== null}
      formId="move-org-form"
      okText="移动"
      submitting={submitting}
      onCancel={onClose}
      afterClose={() => setError(null)}
      data-testid="move-org-modal"
    >
      {org && (
        <Form<{ parentId: number }>
          id="move-org-form"
          name="move-org-form"
          layout="vertical"
          onFinish={onFinish}
          disabled={submitting}
        >
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
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
