/**
 * The one API contract. Pure: imported by the renderer, the dispatcher and both
 * transports. One file per method prefix (`inspections.ts` declares every `inspections/*`
 * method, exported as `inspectionsContract`), spread here.
 */
import type { z } from 'zod';
import { agenciesContract } from './agencies';
import { bundlesContract } from './bundles';
import { evidenceContract } from './evidence';
import { examContract } from './exam';
import { findingsContract } from './findings';
import { inspectionsContract } from './inspections';
import { keysContract } from './keys';
import { pdfContract } from './pdf';
import { personnelContract } from './personnel';
import { profileContract } from './profile';
import { reportsContract } from './reports';
import { reviewsContract } from './reviews';
import { roleContract } from './role';
import { selfcheckContract } from './selfcheck';
import { signaturesContract } from './signatures';
import { syncContract } from './sync';
import { systemContract } from './system';
import { templatesContract } from './templates';

export const contract = {
  ...systemContract,
  ...agenciesContract,
  ...personnelContract,
  ...selfcheckContract,
  ...inspectionsContract,
  ...templatesContract,
  ...profileContract,
  ...roleContract,
  ...findingsContract,
  ...evidenceContract,
  ...signaturesContract,
  ...examContract,
  ...pdfContract,
  ...keysContract,
  ...bundlesContract,
  ...syncContract,
  ...reportsContract,
  ...reviewsContract,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = z.output<Contract[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export * from '../../lib/errors';
