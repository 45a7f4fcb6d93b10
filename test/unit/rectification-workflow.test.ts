import { describe, expect, it } from 'vitest';
import {
  applyAction,
  daysOverdue,
  editProblem,
  extensionProblem,
  isOverdue,
  mergeProblem,
  problemStatuses,
  type ProblemAction,
  type ProblemState,
  type ProblemStatus,
} from '../../src/domain/rectification/workflow.js';

const at = (status: ProblemStatus, submittedBy: number | null = null): ProblemState => ({
  status,
  reopenCount: 2,
  submittedBy,
});

/** One valid request of each action (valid input, a closer other than the submitter). */
const actions: Record<string, ProblemAction> = {
  start: { kind: 'start' },
  submit: { kind: 'submit', by: 7, evidence: { text: '已召开专题组织生活会' } },
  close: { kind: 'close', by: 9 },
  reject: { kind: 'reject', reason: '材料不全' },
  recheckPass: { kind: 'recheck', passed: true, reason: null },
  recheckFail: { kind: 'recheck', passed: false, reason: '问题复发' },
};

/** Every allowed transition: from → the state after. */
const allowed: Record<string, Partial<Record<ProblemStatus, ProblemState>>> = {
  start: {
    open: { status: 'inProgress', reopenCount: 2, submittedBy: null },
    rejected: { status: 'inProgress', reopenCount: 2, submittedBy: null },
  },
  submit: { inProgress: { status: 'submitted', reopenCount: 2, submittedBy: 7 } },
  close: { submitted: { status: 'closed', reopenCount: 2, submittedBy: 7 } },
  reject: { submitted: { status: 'rejected', reopenCount: 3, submittedBy: null } },
  recheckPass: { closed: { status: 'closed', reopenCount: 2, submittedBy: 7 } },
  recheckFail: { closed: { status: 'inProgress', reopenCount: 3, submittedBy: null } },
};

const verbs: Record<string, string> = {
  start: '开始整改',
  submit: '提交整改材料',
  close: '销号',
  reject: '退回',
  recheckPass: '回头看',
  recheckFail: '回头看',
};
const statusNames: Record<ProblemStatus, string> = {
  open: '待整改',
  inProgress: '整改中',
  submitted: '已提交',
  closed: '已销号',
  rejected: '退回',
};

describe('the rectification workflow', () => {
  for (const [name, action] of Object.entries(actions))
    for (const status of problemStatuses) {
      const after = allowed[name]![status];
      if (after)
        it(`${name} from ${status} → ${after.status}`, () => {
          const submitted = status === 'submitted' || status === 'closed' ? 7 : null;
          expect(applyAction(at(status, submitted), action)).toEqual({ ok: true, state: after });
        });
      else
        it(`${name} from ${status} is refused`, () => {
          expect(applyAction(at(status, 7), action)).toEqual({
            ok: false,
            kind: 'state',
            code: 'PROBLEM_STATUS_INVALID',
            message: `问题当前为“${statusNames[status]}”，不能${verbs[name]}`,
          });
        });
    }

  it('submits only with evidence: text, files or ledger records', () => {
    const submit = (evidence: object) => applyAction(at('inProgress'), { kind: 'submit', by: 7, evidence });
    for (const none of [{}, { text: '  ' }, { text: null, fileIds: [], ledgerRecordIds: [] }])
      expect(submit(none)).toEqual({
        ok: false,
        kind: 'input',
        code: 'PROBLEM_EVIDENCE_REQUIRED',
        message: '请提供整改材料：文字说明、附件或台账记录至少一项',
      });
    for (const some of [{ text: '说明' }, { fileIds: [3] }, { ledgerRecordIds: [4] }])
      expect(submit(some).ok).toBe(true);
  });

  it('never lets the submitter close what they submitted', () => {
    expect(applyAction(at('submitted', 7), { kind: 'close', by: 7 })).toEqual({
      ok: false,
      kind: 'actor',
      code: 'PROBLEM_SELF_CLOSE',
      message: '提交整改材料的人不能为本问题销号，请由其他人员核验',
    });
  });

  it('rejects and fails a re-check only with a reason', () => {
    expect(applyAction(at('submitted', 7), { kind: 'reject', reason: ' ' })).toEqual({
      ok: false,
      kind: 'input',
      code: 'PROBLEM_REASON_REQUIRED',
      message: '退回须说明原因',
    });
    expect(applyAction(at('closed', 7), { kind: 'recheck', passed: false, reason: null })).toEqual({
      ok: false,
      kind: 'input',
      code: 'PROBLEM_REASON_REQUIRED',
      message: '回头看未通过须说明原因',
    });
  });
});

describe('extensions, edits, merges and overdue', () => {
  const item = { status: 'inProgress' as const, deadline: '2026-06-30' };

  it('extends with a reason to a later day, never a closed item', () => {
    expect(extensionProblem(item, '2026-07-31', '汛期施工')).toBeNull();
    expect(extensionProblem({ ...item, status: 'open' }, '2026-07-01', '汛期')).toBeNull();
    expect(extensionProblem(item, '2026-07-31', ' ')).toEqual({
      kind: 'input',
      code: 'PROBLEM_REASON_REQUIRED',
      message: '延期须说明原因',
    });
    for (const day of ['2026-06-30', '2026-06-01'])
      expect(extensionProblem(item, day, '汛期')).toEqual({
        kind: 'input',
        code: 'PROBLEM_DEADLINE_INVALID',
        message: '延期后的期限须晚于原期限（2026-06-30）',
      });
    expect(extensionProblem({ ...item, status: 'closed' }, '2026-07-31', '汛期')).toEqual({
      kind: 'state',
      code: 'PROBLEM_STATUS_INVALID',
      message: '问题当前为“已销号”，不能延期',
    });
  });

  it('edits only an open item', () => {
    expect(editProblem('open')).toBeNull();
    for (const status of problemStatuses.filter((s) => s !== 'open'))
      expect(editProblem(status)?.message).toBe(
        `问题当前为“${statusNames[status]}”，不能修改（期限变更请办理延期）`,
      );
  });

  it('merges duplicates of one org, neither closed nor merged before', () => {
    const p = (id: number, more: object = {}) => ({
      id,
      orgId: 5,
      status: 'open' as ProblemStatus,
      mergedIntoId: null,
      ...more,
    });
    expect(mergeProblem(p(1), p(2))).toBeNull();
    expect(mergeProblem(p(1), p(1))?.message).toBe('不能把问题合并到它自己');
    expect(mergeProblem(p(1), p(2, { orgId: 6 }))?.message).toBe('只能合并同一组织的重复问题');
    expect(mergeProblem(p(1, { mergedIntoId: 3 }), p(2))?.code).toBe('PROBLEM_MERGED');
    expect(mergeProblem(p(1), p(2, { status: 'closed' }))?.message).toBe('问题当前为“已销号”，不能合并');
    expect(mergeProblem(p(1, { status: 'closed' }), p(2))?.code).toBe('PROBLEM_STATUS_INVALID');
  });

  it('is overdue from the day after the deadline until closed', () => {
    expect(daysOverdue(item, '2026-06-30')).toBe(0);
    expect(daysOverdue(item, '2026-07-01')).toBe(1);
    expect(daysOverdue(item, '2026-08-30')).toBe(61);
    expect(isOverdue(item, '2026-07-01')).toBe(true);
    expect(isOverdue({ ...item, status: 'closed' }, '2027-01-01')).toBe(false);
    for (const status of ['open', 'submitted', 'rejected'] as const)
      expect(isOverdue({ ...item, status }, '2026-07-01')).toBe(true);
  });
});
