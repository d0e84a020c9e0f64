import { v7 } from 'uuid';

/** Record ids are UUID v7: made on the device, unique across laptops, sortable by time. */
export function newId(): string {
  return v7();
}

/** Stored times are UTC ISO strings; the UI shows them in Asia/Shanghai. */
export function nowIso(): string {
  return new Date().toISOString();
}
