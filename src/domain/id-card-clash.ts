/*
 * One person is one member system-wide: an ID number may be held by one member who has not left
 * (a member who left may be registered again, anywhere). Checking that across the whole system
 * must not turn into a way of asking whether someone is registered elsewhere, so a clash is
 * explained only inside the asker's scope; outside it is counted, logged for the holder's
 * organizers and limited per user.
 */

/** Out-of-scope clashes one user may run into within `idCardProbeWindowHours`. */
export const idCardProbeLimit = 5;
export const idCardProbeWindowHours = 24;

/** A member holding one of the numbers asked about. */
export interface IdCardHolder {
  idCard: string;
  memberId: number;
  name: string;
  orgName: string;
  orgPath: string;
  inScope: boolean;
}

export interface IdCardClashes {
  /** Rows whose number a member in the asker's scope holds, with that member. */
  inScope: { row: number; holder: IdCardHolder }[];
  /** Holders outside the scope, once each: what is logged and counted. */
  elsewhere: IdCardHolder[];
}

/** The keys are normalized ID numbers (upper case); null keys are rows without one. */
export function idCardClashes(
  entries: readonly { row: number; key: string | null }[],
  holders: readonly IdCardHolder[],
): IdCardClashes {
  const byCard = new Map(holders.map((h) => [h.idCard, h]));
  const inScope: IdCardClashes['inScope'] = [];
  for (const { row, key } of entries) {
    const holder = key === null ? undefined : byCard.get(key);
    if (holder?.inScope) inScope.push({ row, holder });
  }
  return { inScope, elsewhere: holders.filter((h) => !h.inScope) };
}

export const heldByMessage = (h: IdCardHolder) => `该身份证号码已由${h.orgName}的党员${h.name}登记`;

export const heldElsewhereMessage = '该身份证号码已在您管理范围以外登记，请联系上级组织部门核实';

/** Says how many, never which: naming the row would name the person. */
export const heldElsewhereCountMessage = (count: number) =>
  `有 ${count} 个身份证号码已在您管理范围以外登记（不列出所在行），请联系上级组织部门核实`;

export const probeLimitMessage = `${idCardProbeWindowHours} 小时内身份证号码在您管理范围以外重复登记的情况已超过 ${idCardProbeLimit} 次，暂停录入身份证号码，请联系上级组织部门核实后再试`;
