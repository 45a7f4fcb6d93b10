// 整改销号's workflow: the statuses of a problem, what moves it between them, and the rules that
// hold whoever asks (evidence before submission, a reason for a rejection, a closer other than the
// submitter, extensions only forward). Who may ask at all is the service's question (scope, role).
import { dayNumber } from '../dates.js';

export const problemStatuses = ['open', 'inProgress', 'submitted', 'closed', 'rejected'] as const;
export type ProblemStatus = (typeof problemStatuses)[number];

export const problemStatusLabels: Record<ProblemStatus, string> = {
  open: '待整改',
  inProgress: '整改中',
  submitted: '已提交',
  closed: '已销号',
  rejected: '退回',
};

/** What a problem's history records: the transitions, plus the changes that keep the status. */
export const problemEventKinds = [
  'file',
  'start',
  'submit',
  'close',
  'reject',
  'recheckPass',
  'recheckFail',
  'extend',
  'merge',
  'reminder',
] as const;
export type ProblemEventKind = (typeof problemEventKinds)[number];

export const problemEventLabels: Record<ProblemEventKind, string> = {
  file: '建单',
  start: '开始整改',
  submit: '提交整改材料',
  close: '销号',
  reject: '退回',
  recheckPass: '回头看通过',
  recheckFail: '回头看未通过',
  extend: '延期',
  merge: '合并重复问题',
  reminder: '催办',
};

/** 整改材料: a description, uploaded files and 台账 records; at least one of them. */
export interface Evidence {
  text?: string | null;
  fileIds?: readonly number[];
  ledgerRecordIds?: readonly number[];
}

export const hasEvidence = (e: Evidence) =>
  Boolean(e.text?.trim()) || (e.fileIds?.length ?? 0) > 0 || (e.ledgerRecordIds?.length ?? 0) > 0;

/** The part of a problem the workflow reads and writes. */
export interface ProblemState {
  status: ProblemStatus;
  reopenCount: number;
  /** Who submitted the evidence now waiting for (or closed by) verification. */
  submittedBy: number | null;
}

export type ProblemAction =
  | { kind: 'start' }
  | { kind: 'submit'; by: number; evidence: Evidence }
  | { kind: 'close'; by: number }
  | { kind: 'reject'; reason: string }
  | { kind: 'recheck'; passed: boolean; reason: string | null };

const actionLabels: Record<ProblemAction['kind'], string> = {
  start: problemEventLabels.start,
  submit: problemEventLabels.submit,
  close: problemEventLabels.close,
  reject: problemEventLabels.reject,
  recheck: '回头看',
};

/** Which statuses each action starts from. */
const from: Record<ProblemAction['kind'], readonly ProblemStatus[]> = {
  start: ['open', 'rejected'],
  submit: ['inProgress'],
  close: ['submitted'],
  reject: ['submitted'],
  recheck: ['closed'],
};

/**
 * Why it failed: `state` when the item's status does not allow the action (409), `input` when the
 * request lacks what the action needs (400), `actor` when this user may not do it to this item (403).
 */
export type WorkflowFailure = { kind: 'state' | 'input' | 'actor'; code: string; message: string };
export type WorkflowOutcome = { ok: true; state: ProblemState } | ({ ok: false } & WorkflowFailure);

const fail = (kind: WorkflowFailure['kind'], code: string, message: string) =>
  ({ ok: false, kind, code, message }) as const;

export function statusRefusal(status: ProblemStatus, action: string): WorkflowFailure {
  return {
    kind: 'state',
    code: 'PROBLEM_STATUS_INVALID',
    message: `问题当前为“${problemStatusLabels[status]}”，不能${action}`,
  };
}

/** The state after `action`, or why it is refused. */
export function applyAction(state: ProblemState, action: ProblemAction): WorkflowOutcome {
  if (!from[action.kind].includes(state.status))
    return { ok: false, ...statusRefusal(state.status, actionLabels[action.kind]) };
  switch (action.kind) {
    case 'start':
      return { ok: true, state: { ...state, status: 'inProgress' } };
    case 'submit':
      if (!hasEvidence(action.evidence))
        return fail('input', 'PROBLEM_EVIDENCE_REQUIRED', '请提供整改材料：文字说明、附件或台账记录至少一项');
      return { ok: true, state: { ...state, status: 'submitted', submittedBy: action.by } };
    case 'close':
      if (state.submittedBy === action.by)
        return fail('actor', 'PROBLEM_SELF_CLOSE', '提交整改材料的人不能为本问题销号，请由其他人员核验');
      return { ok: true, state: { ...state, status: 'closed' } };
    case 'reject':
      if (!action.reason.trim()) return fail('input', 'PROBLEM_REASON_REQUIRED', '退回须说明原因');
      return {
        ok: true,
        state: { status: 'rejected', reopenCount: state.reopenCount + 1, submittedBy: null },
      };
    case 'recheck':
      if (action.passed) return { ok: true, state };
      if (!action.reason?.trim()) return fail('input', 'PROBLEM_REASON_REQUIRED', '回头看未通过须说明原因');
      return {
        ok: true,
        state: { status: 'inProgress', reopenCount: state.reopenCount + 1, submittedBy: null },
      };
  }
}

/** Why a deadline extension is refused, or null: only with a reason, only later, never once closed. */
export function extensionProblem(
  item: { status: ProblemStatus; deadline: string },
  deadline: string,
  reason: string,
): WorkflowFailure | null {
  if (item.status === 'closed') return statusRefusal(item.status, '延期');
  if (!reason.trim()) return { kind: 'input', code: 'PROBLEM_REASON_REQUIRED', message: '延期须说明原因' };
  if (deadline <= item.deadline)
    return {
      kind: 'input',
      code: 'PROBLEM_DEADLINE_INVALID',
      message: `延期后的期限须晚于原期限（${item.deadline}）`,
    };
  return null;
}

/** Text, category, severity and deadline are the problem's as filed: editable only before work starts. */
export function editProblem(status: ProblemStatus): WorkflowFailure | null {
  return status === 'open' ? null : statusRefusal(status, '修改（期限变更请办理延期）');
}

/** Days past the deadline of an item not closed; 0 when it is closed or not due yet. */
export function daysOverdue(item: { status: ProblemStatus; deadline: string }, today: string): number {
  if (item.status === 'closed') return 0;
  return Math.max(0, dayNumber(today) - dayNumber(item.deadline));
}

export const isOverdue = (item: { status: ProblemStatus; deadline: string }, today: string) =>
  daysOverdue(item, today) > 0;

interface Mergeable {
  id: number;
  orgId: number;
  status: ProblemStatus;
  mergedIntoId: number | null;
}

/**
 * Why `item` cannot be merged into `kept`, or null. Only duplicates of one org, both still in the
 * lists and neither closed (a closed item's verification would be lost).
 */
export function mergeProblem(item: Mergeable, kept: Mergeable): WorkflowFailure | null {
  const input = (code: string, message: string): WorkflowFailure => ({ kind: 'input', code, message });
  if (item.id === kept.id) return input('PROBLEM_MERGE_INVALID', '不能把问题合并到它自己');
  if (item.orgId !== kept.orgId) return input('PROBLEM_MERGE_INVALID', '只能合并同一组织的重复问题');
  if (item.mergedIntoId !== null || kept.mergedIntoId !== null)
    return { kind: 'state', code: 'PROBLEM_MERGED', message: '该问题已合并到其他问题，不能再合并' };
  for (const p of [item, kept]) if (p.status === 'closed') return statusRefusal(p.status, '合并');
  return null;
}
