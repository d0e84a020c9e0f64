/**
 * The map from every contract method to its service function, built by name: method
 * `x/y` is the function `y` of the service module `services/x` (a file, or a folder
 * whose index.ts re-exports its files). TypeScript checks that each module has exactly
 * one function per method of its prefix, with the contract's input and output; so
 * `inspections/sign` is declared in contract/inspections.ts and handled by
 * services/inspections, and nowhere else.
 */
import { contract, type MethodName, type OutputOf, type ParsedInputOf } from './contract';
import type { ServiceContext } from './context';
import * as agencies from './services/agencies';
import * as bundles from './services/bundles';
import * as evidence from './services/evidence';
import * as exam from './services/exam';
import * as findings from './services/findings';
import * as inspections from './services/inspections';
import * as keys from './services/keys';
import * as pdf from './services/pdf';
import * as personnel from './services/personnel';
import * as profile from './services/profile';
import * as role from './services/role';
import * as reports from './services/reports';
import * as reviews from './services/reviews';
import * as selfcheck from './services/selfcheck';
import * as signatures from './services/signatures';
import * as sync from './services/sync';
import * as system from './services/system';
import * as templates from './services/templates';

export type Handler<M extends MethodName> = (
  input: ParsedInputOf<M>,
  ctx: ServiceContext,
) => OutputOf<M> | Promise<OutputOf<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

type Prefix = MethodName extends infer M ? (M extends `${infer P}/${string}` ? P : never) : never;
/** A service module as the contract sees it: one handler per method of its prefix, by the method's own name. */
export type ServiceModule<P extends Prefix> = {
  readonly [M in MethodName as M extends `${P}/${infer Name}` ? Name : never]: Handler<M>;
};

export const services: { readonly [P in Prefix]: ServiceModule<P> } = {
  agencies,
  bundles,
  evidence,
  exam,
  findings,
  inspections,
  keys,
  pdf,
  personnel,
  profile,
  role,
  reports,
  reviews,
  selfcheck,
  signatures,
  sync,
  system,
  templates,
};

function handlerOf(method: MethodName): Handler<MethodName> {
  const slash = method.indexOf('/');
  const module = services[method.slice(0, slash) as Prefix] as unknown as Record<string, Handler<MethodName>>;
  return module[method.slice(slash + 1)]!;
}

export const handlers = Object.fromEntries(
  (Object.keys(contract) as MethodName[]).map((method) => [method, handlerOf(method)]),
) as Handlers;
