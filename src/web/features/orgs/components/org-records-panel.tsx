import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Popconfirm, Space, Table, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { FormModal } from '../../../components/form-modal.js';
import { errorText } from '../../../lib/api-client.js';
import { dayjsToIso, isoToDayjs } from '../../../lib/date-values.js';
import { useErrorMessage } from '../../../lib/use-error-message.js';
import { useQuery } from '../../../lib/use-query.js';
import { createOrgRecord } from '../api/create-org-record.js';
import { deleteOrgRecord } from '../api/delete-org-record.js';
import { listOrgRecords } from '../api/list-org-records.js';
import { updateOrgRecord } from '../api/update-org-record.js';
import type { OrgRecord, OrgRecordSegment } from '../../../../contract/org-records.js';

type Values = Record<string, unknown>;

export interface OrgRecordsPanelProps<T extends OrgRecord> {
  orgId: number;
  segment: OrgRecordSegment;
  /** What one item is called, e.g. 联系点: used in titles and confirmations. */
  noun: string;
  canWrite: boolean;
  columns: TableColumnsType<T>;
  /** Form.Items of the add/edit form (given the item being edited); the first one should take autoFocus. */
  fields: (editing: T | null) => ReactNode;
  /** Fields held by DatePickers, converted to and from ISO dates. */
  dateKeys: readonly string[];
  /** Values of a new item's form. */
  defaults?: Values;
  /** Form values (dates already ISO) to the API body: blank texts to null and the like. */
  toInput: (values: Values, editing: T | null) => object;
  describe: (item: T) => string;
  emptyText: string;
  /** Called after any change, for panels whose changes alter the org itself (e.g. its classification). */
  onChanged?: () => void;
}

/** A list of an org's sub-resource items with add, edit and delete (confirmed), all through one modal form. */
export function OrgRecordsPanel<T extends OrgRecord>(props: OrgRecordsPanelProps<T>) {
  const { orgId, segment, noun, canWrite, dateKeys } = props;
  const showError = useErrorMessage();
  const [revision, setRevision] = useState(0);
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<T | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const {
    data,
    error: loadError,
    loading,
  } = useQuery(`${segment}:${orgId}:${revision}`, (signal) => listOrgRecords<T>(orgId, segment, signal));
  const formId = `${segment}-form`;

  function changed() {
    setRevision((v) => v + 1);
    props.onChanged?.();
  }

  async function onFinish(values: Values) {
    setSubmitting(true);
    setError(null);
    try {
      const input = props.toInput(dayjsToIso(values, dateKeys), editing);
      if (editing) await updateOrgRecord<T>(orgId, segment, editing.id, input);
      else await createOrgRecord<T>(orgId, segment, input);
      setOpen(false);
      changed();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSubmitting(false);
    }
  }

  async function remove(item: T) {
    try {
      await deleteOrgRecord(orgId, segment, item.id);
      changed();
    } catch (err) {
      showError(err);
    }
  }

  function openForm(item: T | null) {
    setEditing(item);
    setOpen(true);
  }

  const actions: TableColumnsType<T> = canWrite
    ? [
        {
          title: '操作',
          key: 'actions',
          width: 120,
          className: 'no-print',
          render: (_, item) => (
            <Space size={0}>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => openForm(item)}>
                修改
              </Button>
              <Popconfirm
                title={`删除${noun}「${props.describe(item)}」？`}
                description="删除后不可恢复。"
                okText="删除"
                cancelText="取消"
                okButtonProps={{ danger: true }}
                onConfirm={() => remove(item)}
              >
                <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label="删除" />
              </Popconfirm>
            </Space>
          ),
        },
      ]
    : [];

  return (
    <div data-testid={`org-${segment}`}>
      {canWrite && (
        <div className="page-toolbar no-print">
          <Button icon={<PlusOutlined />} onClick={() => openForm(null)}>
            新增{noun}
          </Button>
        </div>
      )}
      {loadError ? (
        <Alert type="error" showIcon title={errorText(loadError)} style={{ marginBottom: 8 }} />
      ) : null}
      <Table<T>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        columns={[...props.columns, ...actions]}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: props.emptyText }}
      />
      <FormModal
        title={editing ? `修改${noun}` : `新增${noun}`}
        open={open}
        formId={formId}
        okText="保存"
        submitting={submitting}
        onCancel={() => setOpen(false)}
        afterClose={() => setError(null)}
        width={640}
        data-testid={`${segment}-modal`}
      >
        <Form<Values>
          id={formId}
          name={formId}
          layout="vertical"
          disabled={submitting}
          initialValues={editing ? isoToDayjs(editing as Values, dateKeys) : props.defaults}
          onFinish={onFinish}
        >
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          {props.fields(editing)}
        </Form>
      </FormModal>
    </div>
  );
}
