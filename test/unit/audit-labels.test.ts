import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  contactPoints,
  cycles,
  files,
  ledgerRecords,
  members,
  mobileRecords,
  nonPublicEntities,
  orgs,
  pairings,
  users,
  weakOrgRectifications,
} from '../../src/db/schema/index.js';
import { auditActions, auditEntityTypes } from '../../src/domain/audit.js';
import { fileKinds } from '../../src/domain/file-kinds.js';
import { nonPublicKinds } from '../../src/domain/org-tree.js';
import { profileFigureKinds } from '../../src/domain/profile-figures.js';
import { unattributedAuditEvents } from '../../src/server/modules/audit/record.js';
import {
  actionLabel,
  entityTypeLabels,
  fieldLabels,
  filterableEntityTypes,
  formatFieldValue,
  valueLabels,
} from '../../src/web/features/audit/labels.js';

const han = /\p{Script=Han}/u;

/** The rows whose snapshots the server records, by the kind of entry they are recorded under. */
const snapshotTables = {
  org: orgs,
  member: members,
  mobileRecord: mobileRecords,
  user: users,
  file: files,
  weakOrgRectification: weakOrgRectifications,
  contactPoint: contactPoints,
  pairing: pairings,
  nonPublicEntity: nonPublicEntities,
  ledgerRecord: ledgerRecords,
  cycle: cycles,
};

// A user's snapshot is the API's view of them, which has no password hash.
const neverRecorded = new Set(['passwordHash']);

describe('the audit log in Chinese', () => {
  it('names every kind the server records, and offers each in the filter', () => {
    const recorded = [
      ...auditEntityTypes,
      ...Object.values(unattributedAuditEvents).map((e) => e.entityType),
    ];
    for (const kind of recorded) {
      expect(entityTypeLabels[kind as keyof typeof entityTypeLabels], kind).toMatch(han);
      expect(filterableEntityTypes).toContain(kind);
    }
  });

  it('names every action, a member transfer as 转接', () => {
    for (const action of auditActions) expect(actionLabel(action, 'org'), action).toMatch(han);
    expect(actionLabel('move', 'member')).toBe('转接');
    expect(actionLabel('move', 'org')).toBe('移动');
  });

  it('names every column of every row the log keeps a snapshot of', () => {
    for (const [kind, table] of Object.entries(snapshotTables))
      for (const column of Object.keys(getTableColumns(table)).filter((c) => !neverRecorded.has(c)))
        expect(fieldLabels[column] ?? `${kind}.${column}`).toMatch(han);
  });

  it('shows coded values in Chinese, by the field or, for kind, the entry kind', () => {
    expect(formatFieldValue('member', 'stage', 'probationary')).toBe('预备党员');
    expect(formatFieldValue('member', 'gender', 'male')).toBe('男');
    expect(formatFieldValue('member', 'education', 'juniorCollege')).toBe('大专');
    expect(formatFieldValue('mobileRecord', 'direction', 'outflow')).toBe('流出');
    for (const kind of fileKinds) expect(formatFieldValue('file', 'kind', kind)).toMatch(han);
    for (const kind of nonPublicKinds) expect(formatFieldValue('nonPublicEntity', 'kind', kind)).toMatch(han);
    for (const kind of profileFigureKinds)
      expect(formatFieldValue('profileFigure', 'kind', kind)).toMatch(han);
    // A profile figure's snapshot: {year, kind, value}.
    for (const field of ['year', 'kind', 'value']) expect(fieldLabels[field], field).toMatch(han);
    for (const [field, labels] of Object.entries(valueLabels)) {
      expect(fieldLabels[field], field).toMatch(han);
      for (const [code, text] of Object.entries(labels)) {
        expect(formatFieldValue('member', field, code)).toBe(text);
        expect(text, `${field}.${code}`).toMatch(han);
      }
    }
  });
});
