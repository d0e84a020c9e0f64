/**
 * The map from every contract method to its service function. TypeScript checks
 * that each method has exactly one handler with the contract's input and output.
 */
import type { MethodName, OutputOf, ParsedInputOf } from './contract';
import type { ServiceContext } from './context';
import * as agencies from './services/agencies';
import * as inspections from './services/inspections';
import * as system from './services/system';

export type Handler<M extends MethodName> = (
  input: ParsedInputOf<M>,
  ctx: ServiceContext,
) => OutputOf<M> | Promise<OutputOf<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export const handlers: Handlers = {
  'system/info': system.info,
  'agencies/list': agencies.list,
  'agencies/get': agencies.get,
  'agencies/save': agencies.save,
  'inspections/list': inspections.list,
  'inspections/create': inspections.create,
};
