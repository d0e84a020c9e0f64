/**
 * The one API contract. Pure: imported by the renderer, the dispatcher and both
 * transports. Add a domain by spreading its contract object here.
 */
import type { z } from 'zod';
import { agenciesContract } from './agencies';
import { inspectionsContract } from './inspections';
import { systemContract } from './system';

export const contract = {
  ...systemContract,
  ...agenciesContract,
  ...inspectionsContract,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = z.output<Contract[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export * from './errors';
