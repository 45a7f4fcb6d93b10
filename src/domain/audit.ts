/** What an audit entry records: the action taken and the kind of object it was taken on. */
export const auditActions = [
  'create',
  'update',
  'delete',
  'move',
  'transfer.out',
  'idCard.probe',
  'login',
  'logout',
  'password.change',
  'password.reset',
  'login.unlock',
  // A closed 考核周期 opened again: its own action, so the audit page can list every reopening.
  'cycle.reopen',
  // 纸质票 counted: agreed paper sheets became anonymous ballots (how many, which serials).
  'paperBallot.count',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditEntityTypes = [
  'org',
  'user',
  'session',
  'member',
  'mobileRecord',
  'weakOrgRectification',
  'contactPoint',
  'pairing',
  'nonPublicEntity',
  'file',
  'profileFigure',
  'ledgerRecord',
  'cycle',
  'reportingSet',
  'scheme',
  // 日常考核: a score someone entered on an indicator, the 酌情扣分 and the 佐证材料 of one.
  'indicatorScore',
  'discretionaryDeduction',
  'vetoDecision',
  'indicatorEvidence',
  // 目标责任书, an 抽查 draw and the visit to one drawn org.
  'targetLetter',
  'spotCheckDraw',
  'spotCheck',
  // 述职报告: created, saved, submitted, returned, accepted (all updates, told apart by their status).
  'report',
  // 催办: the cycle's organizer reminded a reporting org to submit its 述职报告.
  'reportReminder',
  // 述职评议会: created, changed, voting opened or closed, rehearsal cleared; and its 测评码 batches.
  'reviewMeeting',
  'ballotCode',
  // 纸质票: one user's entry of a paper ballot (its serial and pass, never its choices).
  'paperBallot',
  // 述职评议: a leader's scores and critique of one reporter; 综合评价: its settings and publication.
  'leaderReview',
  'evaluation',
  // 问题清单: a problem filed, edited, moved along its workflow (the event kind in the entry), merged;
  // and its measures (任务清单).
  'problem',
  'problemMeasure',
  // 催办 and 每日提醒 a user was told (the day's digests in one entry), and the ones they marked read.
  'notification',
] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];
