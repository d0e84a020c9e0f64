import type { OutputOf, ParsedInputOf } from '../contract';
import type { ServiceContext } from '../context';
import { schemaVersion } from '../../db/open';

export function info(_input: ParsedInputOf<'system/info'>, ctx: ServiceContext): OutputOf<'system/info'> {
  return {
    appVersion: ctx.appVersion,
    dataDir: ctx.dataDir,
    schemaVersion: schemaVersion(ctx.store.db),
    host: ctx.host,
  };
}
