import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../core/paths';

/**
 * The room rules of eslint.config.js fire: each case is a line that breaks one, linted as
 * if it were in the named file, and the allowed direction passes.
 */
const eslint = new ESLint({ cwd: PROJECT_ROOT });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(PROJECT_ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint boundaries', () => {
  it.each([
    ['core/services/x.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n", 'Only db/ talks to SQLite'],
    ['core/exchange/x.ts', "import { eq } from 'drizzle-orm';\nexport const e = eq;\n", 'Only db/ talks to SQLite'],
    ['core/records/x.ts', "import { inspections } from '../../db/schema';\nexport const t = inspections;\n", 'Only db/ talks to SQLite'],
    ['core/exchange/x.ts', "import { get } from '../services/agencies';\nexport const g = get;\n", 'core/exchange is below the services'],
    ['core/records/x.ts', "import { importMany } from '../exchange/import';\nexport const i = importMany;\n", 'core/records is below exchange'],
    ['core/domain/x.ts', "import { editInspection } from '../records/guard';\nexport const e = editInspection;\n", 'core/domain, audit and evidence'],
    ['core/services/x.ts', "import { handlers } from '../handlers';\nexport const h = handlers;\n", 'Services are called through the dispatcher'],
    ['core/services/inspections/x.ts', "import { handlers } from '../../handlers';\nexport const h = handlers;\n", 'Services are called through the dispatcher'],
    ['core/exchange/x.ts', "import { sign } from '../services/inspections/lifecycle';\nexport const s = sign;\n", 'core/exchange is below the services'],
    ['pdf/x.ts', "import { readProfile } from '../core/domain/actor';\nexport const r = readProfile;\n", 'bundle/ and pdf/ sit below core/'],
    ['db/repositories/x.ts', "import { readProfile } from '../../core/domain/actor';\nexport const r = readProfile;\n", 'db/ is below core/'],
    ['lib/x.ts', "import { ATTACHMENT3_ITEMS } from '../forms/attachment3';\nexport const a = ATTACHMENT3_ITEMS;\n", 'lib/ is the bottom room'],
    ['receiver/x.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n", 'SQL in receiver/store/ only'],
    ['receiver/x.ts', "import { exportBundles } from '../core/exchange/export';\nexport const e = exportBundles;\n", 'never imports the app'],
    ['receiver/store/x.ts', "import { newId } from '../../core/ids';\nexport const n = newId;\n", 'receiver store stands alone'],
  ])('%s: %s is refused', async (file, code, message) => {
    const messages = await restricted(file, code);
    expect(messages.some((m) => m.includes(message))).toBe(true);
  });

  it.each([
    ['core/services/x.ts', "import { importMany } from '../exchange/import';\nexport const i = importMany;\n"],
    ['core/exchange/x.ts', "import { currentActor } from '../domain/actor';\nexport const c = currentActor;\n"],
    ['core/services/inspections/x.ts', "import { editInspection } from '../../records/guard';\nexport const e = editInspection;\n"],
    ['db/repositories/x.ts', "import { eq } from 'drizzle-orm';\nexport const e = eq;\n"],
    ['pdf/x.ts', "import { AppError } from '../lib/errors';\nexport const e = AppError;\n"],
    ['receiver/x.ts', "import { checkBundleUpload } from '../core/exchange/verify-upload';\nexport const c = checkBundleUpload;\n"],
    ['receiver/store/x.ts', "import Database from 'better-sqlite3';\nexport const d = Database;\n"],
  ])('%s: a downward import passes', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});
