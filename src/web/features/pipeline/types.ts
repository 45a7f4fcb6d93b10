/** One person in a pipeline reminder list, as GET /api/pipeline answers. */
export interface PipelinePerson {
  memberId: number;
  name: string;
  orgId: number;
  orgName: string;
  /** Activist: the day they became one; probationary member: the day they joined. */
  since: string;
  /** Activist: the day they may become a candidate; probationary member: the day conversion is due. */
  dueOn: string;
}

export interface VillageWithoutDevelopment {
  orgId: number;
  orgName: string;
  lastDevelopedOn: string | null;
}

export interface Pipeline {
  asOf: string;
  activistsEligible: PipelinePerson[];
  conversionsDue: PipelinePerson[];
  conversionsOverdue: PipelinePerson[];
  villagesWithoutDevelopment: VillageWithoutDevelopment[];
}

export interface PipelineParams {
  orgId?: number;
  asOf?: string;
}
