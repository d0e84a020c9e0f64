/**
 * The `inspections/*` methods: the list and a new inspection (records.ts), its 附件3
 * sheet (scoring.ts), and signing, amending, submitting, revisions and the audit trail
 * (lifecycle.ts).
 */
export { create, list } from './records';
export { get, saveItem } from './scoring';
export { amend, audit, revision, revisions, sign, submit } from './lifecycle';
