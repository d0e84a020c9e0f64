import type { z } from 'zod';

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
