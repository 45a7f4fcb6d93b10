import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Popconfirm, Space, Table, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { FormModal } from '../../../shared/form-modal.js';
import { errorText } from '../../../shared/api-client.js';
import { dayjsToIso, isoToDayjs } from '../../../shared/date-values.js';
import { createOrgRecord } from '../api/create-org-record.js';
import { deleteOrgRecord } from '../api/delete-org-record.js';
import { listOrgRecords } from '../api/list-org-records.js';
import { updateOrgRecord } from '../api/update-org-record.js';
import type { OrgRecord, OrgRecordSegment } from '../../../../contract/org-records.js';
import { affectedBy, orgKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';

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
}

/** A list of an org's sub-resource items with add, edit and delete (confirmed), all through one modal form. */
export function OrgRecordsPanel<T extends OrgRecord>(props: OrgRecordsPanelProps<T>) {
  const { orgId, segment, noun, canWrite, dateKeys } = props;
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<T | null>(null);
  const [form] = Form.useForm<Values>();
  const {
    data,
    error: loadError,
    isFetching: loading,
  } = useQuery({
    queryKey: orgKeys.records(orgId, segment),
    queryFn: ({ signal }) => listOrgRecords<T>(orgId, segment, signal),
  });
  const formId = `${segment}-form`;

  // Records change the org itself too (a rectification its weak-org flag), hence all of affectedBy.orgs.
  const save = useSubmit({
    submit: (values: Values) => {
      const input = props.toInput(dayjsToIso(values, dateKeys), editing);
      return editing
        ? updateOrgRecord<T>(orgId, segment, editing.id, input)
        : createOrgRecord<T>(orgId, segment, input);
    },
    invalidates: affectedBy.orgs,
    form,
    onSuccess: () => setOpen(false),
  });
  const remove = useSubmit({
    submit: (item: T) => deleteOrgRecord(orgId, segment, item.id),
    invalidates: affectedBy.orgs,
  });

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
                onConfirm={() => remove.run(item)}
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
        submitting={save.submitting}
        onCancel={() => setOpen(false)}
        afterClose={save.reset}
        width={640}
        data-testid={`${segment}-modal`}
      >
        <Form<Values>
          id={formId}
          name={formId}
          layout="vertical"
          form={form}
          disabled={save.submitting}
          initialValues={editing ? isoToDayjs(editing as Values, dateKeys) : props.defaults}
          onFinish={save.run}
        >
          {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
          {props.fields(editing)}
        </Form>
      </FormModal>
    </div>
  );
}
