// The ledger facts worked out by brute force over plain arrays: the reference the SQL that answers
// `ledgerCount` and `personCounts` for many orgs at once is tested against (as
// `statistics.ts` is for the statistics), and what the unit tests evaluate rules on.

import type { LedgerKind } from '../ledger.js';
import type { LedgerCountRequest, PersonCount, PersonCountsRequest } from './facts.js';

/** One org's ledger record as a rule sees it. */
export interface LedgerRecordFact {
  kind: LedgerKind;
  /** The day the work was done (not the day it was entered). */
  on: string;
  topic: string;
  /** Ids of the people the record counts for (the host and those who visited …). */
  people: readonly string[];
}

export interface Person {
  id: string;
  name: string;
}

/** Whether a record answers to a request's kinds, topic word (plain substring, case as written) and days. */
function matches(record: LedgerRecordFact, request: LedgerCountRequest | PersonCountsRequest) {
  return (
    request.ledgerKinds.includes(record.kind) &&
    record.on >= request.start &&
    record.on <= request.end &&
    (request.topicIncludes === null || record.topic.includes(request.topicIncludes))
  );
}

export const countRecords = (request: LedgerCountRequest, records: readonly LedgerRecordFact[]) =>
  records.filter((r) => matches(r, request)).length;

/** Every person of the group with the records that name them (0 for none). */
export function countPerPerson(
  request: PersonCountsRequest,
  records: readonly LedgerRecordFact[],
  group: readonly Person[],
): PersonCount[] {
  return group.map((person) => ({
    name: person.name,
    count: records.filter((r) => r.people.includes(person.id) && matches(r, request)).length,
  }));
}
