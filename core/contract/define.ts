import { z } from 'zod';
import { chineseErrorMap } from './messages';

// Every method file imports this one, so whoever loads the contract (the dispatcher, both
// transports, the renderer) has zod speak Chinese before any of its schemas parses.
// zod keeps this setting process-wide: it also covers the forms/ schemas the services parse.
z.config({ localeError: chineseErrorMap });

/**
 * One API method: a name like `agencies/save` plus its zod input and output schemas.
 * Declared once here; the dispatcher, both transports and the renderer all read it.
 */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  /** One line for `ducha --help`-style listings and docs. */
  readonly summary: string;
}

export function method<I extends z.ZodType, O extends z.ZodType>(def: MethodDef<I, O>): MethodDef<I, O> {
  return def;
}
