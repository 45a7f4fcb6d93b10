import { Alert, Form, Input, InputNumber, Select } from 'antd';
import { useState } from 'react';
import {
  orgDomainLabels,
  orgDomains,
  orgLevelLabels,
  orgLevels,
  type OrgDomain,
  type OrgLevel,
} from '../../../../domain/org-tree.js';
import { FormModal } from '../../../components/form-modal.js';
import { errorText } from '../../../lib/api-client.js';
import { createOrg } from '../api/create-org.js';
import { updateOrg } from '../api/update-org.js';
import type { Org } from '../../../../contract/orgs.js';
import { orgNameMaxLength, sortOrderMax } from '../../../../domain/field-rules.js';

export type OrgFormMode = { kind: 'create'; parent: Org | null } | { kind: 'edit'; org: Org };

interface Values {
  name: string;
  level: OrgLevel;
  domain: OrgDomain | null;
  sortOrder: number | null;
}

const levelOptions = orgLevels.map((level) => ({ value: level, label: orgLevelLabels[level] }));
const domainOptions = orgDomains.map((domain) => ({ value: domain, label: orgDomainLabels[domain] }));

/** The usual level of a new child: a county's children are 党委, almost everything else holds 党支部. */
const childLevel: Record<OrgLevel, OrgLevel> = {
  county: 'committee',
  committee: 'branch',
  workCommittee: 'branch',
  generalBranch: 'branch',
  branch: 'branch',
};

function suggestedLevel(parent: Org | null): OrgLevel {
  return parent ? childLevel[parent.level] : 'county';
}

function initialValues(mode: OrgFormMode): Partial<Values> {
  if (mode.kind === 'edit') {
    const { name, level, domain, sortOrder } = mode.org;
    return { name, level, domain, sortOrder };
  }
  return { level: suggestedLevel(mode.parent), domain: mode.parent?.domain ?? null, sortOrder: null };
}

interface Props {
  open: boolean;
  /** Kept by the caller after closing, so the form does not blank out during the close animation. */
  mode: OrgFormMode | null;
  onClose: () => void;
  onSaved: (org: Org, mode: OrgFormMode) => void;
}

export function OrgFormModal({ open, mode, onClose, onSaved }: Props) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title =
    mode?.kind === 'edit'
      ? `编辑组织：${mode.org.name}`
      : mode?.parent
        ? `新增下级组织（上级：${mode.parent.name}）`
        : '新建顶级组织';

  async function onFinish(values: Values) {
    if (!mode) return;
    setSubmitting(true);
    setError(null);
    try {
      const input = {
        name: values.name.trim(),
        level: values.level,
        domain: values.domain ?? null,
        ...(values.sortOrder != null ? { sortOrder: values.sortOrder } : {}),
      };
      const org =
        mode.kind === 'edit'
          ? await updateOrg(mode.org.id, input)
          : await createOrg({ parentId: mode.parent?.id ?? null, ...input });
      onSaved(org, mode);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <FormModal
      title={title}
      open={open && mode !== null}
      formId="org-form"
      okText={mode?.kind === 'edit' ? '保存' : '创建'}
      submitting={submitting}
      onCancel={onClose}
      afterClose={() => setError(null)}
      data-testid="org-form-modal"
    >
      {mode && (
        <Form<Values>
          id="org-form"
          name="org-form"
          layout="vertical"
          initialValues={initialValues(mode)}
          onFinish={onFinish}
          disabled={submitting}
        >
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Form.Item
            label="组织名称"
            name="name"
            rules={[
              { required: true, whitespace: true, message: '请输入组织名称' },
              { max: orgNameMaxLength, message: `组织名称不能超过 ${orgNameMaxLength} 个字` },
            ]}
          >
            <Input autoFocus placeholder="如：中共某某镇委员会" maxLength={orgNameMaxLength} />
          </Form.Item>
          <Form.Item label="组织层级" name="level" rules={[{ required: true, message: '请选择组织层级' }]}>
            <Select options={levelOptions} />
          </Form.Item>
          <Form.Item label="所属领域" name="domain">
            <Select options={domainOptions} allowClear placeholder="不限（可不选）" />
          </Form.Item>
          <Form.Item label="排序号" name="sortOrder" extra="数字越小越靠前，可不填">
            <InputNumber min={0} max={sortOrderMax} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      )}
    </FormModal>
  );
}
