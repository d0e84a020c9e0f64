/**
 * The one API contract. Pure: imported by the renderer, the dispatcher and both
 * transports. Add a domain by spreading its contract object here.
 */
import type { z } from 'zod';
import { agenciesContract } from './agencies';
import { agenciesXlsxContract } from './agencies-xlsx';
import { personnelContract } from './personnel';
import { selfCheckContract } from './selfcheck';
import { inspectionsContract } from './inspections';
import { scoringContract } from './scoring';
import { systemContract } from './system';
import { profileContract } from './profile';
import { lifecycleContract } from './lifecycle';
import { examContract } from './exam';
import { printContract } from './print';
import { keysContract } from './keys';
import { bundlesContract } from './bundles';

export const contract = {
  ...systemContract,
  ...agenciesContract,
  ...agenciesXlsxContract,
  ...personnelContract,
  ...selfCheckContract,
  ...inspectionsContract,
  ...scoringContract,
  ...profileContract,
  ...lifecycleContract,
  ...examContract,
  ...printContract,
  ...keysContract,
  ...bundlesContract,
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
