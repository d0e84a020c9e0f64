/**
 * The map from every contract method to its service function. TypeScript checks
 * that each method has exactly one handler with the contract's input and output.
 */
import type { MethodName, OutputOf, ParsedInputOf } from './contract';
import type { ServiceContext } from './context';
import * as agencies from './services/agencies';
import * as agenciesXlsx from './services/agencies-xlsx';
import * as personnel from './services/personnel';
import * as personnelImport from './services/personnel-import';
import * as personnelXlsx from './services/personnel-xlsx';
import * as selfcheck from './services/selfcheck';
import * as inspections from './services/inspections';
import * as scoring from './services/scoring';
import * as templates from './services/templates';
import * as system from './services/system';
import * as profile from './services/profile';
import * as findings from './services/findings';
import * as evidence from './services/evidence';
import * as signatures from './services/signatures';
import * as lifecycle from './services/lifecycle';
import * as exam from './services/exam';
import * as print from './services/print';
import * as keys from './services/keys';
import * as bundles from './services/bundles';

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
  'agencies/exportXlsx': agenciesXlsx.exportXlsx,
  'agencies/importXlsx': agenciesXlsx.importXlsx,
  'personnel/get': personnel.get,
  'personnel/saveSummary': personnel.saveSummary,
  'personnel/addRow': personnel.addRow,
  'personnel/updateRow': personnel.updateRow,
  'personnel/deleteRow': personnel.deleteRow,
  'personnel/search': personnel.search,
  'personnel/importPreview': personnelImport.importPreview,
  'personnel/import': personnelImport.importRoster,
  'personnel/exportXlsx': personnelXlsx.exportXlsx,
  'selfcheck/get': selfcheck.get,
  'selfcheck/save': selfcheck.save,
  'inspections/list': inspections.list,
  'inspections/create': inspections.create,
  'inspections/get': scoring.get,
  'inspections/saveItem': scoring.saveItem,
  'templates/list': templates.list,
  'templates/import': templates.importTemplate,
  'templates/setDefault': templates.setDefault,
  'profile/get': profile.get,
  'profile/save': profile.save,
  'findings/list': findings.list,
  'findings/open': findings.open,
  'findings/save': findings.save,
  'findings/delete': findings.remove,
  'evidence/list': evidence.list,
  'evidence/add': evidence.add,
  'evidence/image': evidence.image,
  'evidence/remove': evidence.remove,
  'signatures/list': signatures.list,
  'signatures/add': signatures.add,
  'signatures/remove': signatures.remove,
  'inspections/sign': lifecycle.sign,
  'inspections/amend': lifecycle.amend,
  'inspections/submit': lifecycle.submit,
  'inspections/revisions': lifecycle.revisions,
  'inspections/revision': lifecycle.revision,
  'inspections/audit': lifecycle.audit,
  'exam/get': exam.get,
  'exam/save': exam.save,
  'pdf/render': print.render,
  'pdf/verify': print.verify,
  'keys/show': keys.show,
  'keys/setAlg': keys.setAlg,
  'keys/exportEnrollment': keys.exportEnrollment,
  'bundles/exportPreview': bundles.exportPreview,
  'bundles/export': bundles.exportBundle,
  'bundles/exportEml': bundles.exportEml,
  'bundles/verify': bundles.verify,
  'bundles/import': bundles.importBundles,
  'bundles/imports': bundles.imports,
  'bundles/quarantine': bundles.quarantine,
  'bundles/releaseQuarantine': bundles.releaseQuarantine,
  'bundles/discardQuarantine': bundles.discardQuarantine,
  'bundles/trustKey': bundles.trustKey,
  'bundles/trustEnrollment': bundles.trustEnrollment,
  'bundles/untrustKey': bundles.untrustKey,
  'bundles/trustedKeys': bundles.trustedKeys,
  'bundles/conflicts': bundles.conflicts,
  'bundles/resolveConflict': bundles.resolveConflict,
};
