export { createExpertService, type ExpertService } from './experts-service';
export { expertsRouter } from './experts-routes';
export type { Expert } from './experts-store';
export { createCommitteeService, listCommitteeMembers, isCommitteeMember, type CommitteeService, type CommitteeView, type CommitteeMember } from './committee-service';
export { committeeRouter } from './committee-routes';
export { drawCommittee, drawOrder, drawKey, type Draw, type DrawInput, type DrawExpert, type DrawConflict, type Exclusion } from './drawing';
export { minimumCommitteeSize, checkCommitteeSize } from './committee-policy';
