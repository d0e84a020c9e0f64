import { create } from 'zustand';

export const PAGES = ['inspections', 'agencies', 'personnel', 'reports', 'review', 'exchange', 'settings', 'inspection'] as const;
export type Page = (typeof PAGES)[number];

/** The current page lives in the query string so a reload returns to it. */
function pageFromUrl(): Page {
  const p = new URLSearchParams(window.location.search).get('p');
  // The scoring screen ('inspection') needs the inspection's id beside it.
  if (p === 'inspection' && !inspectionIdFromUrl()) return 'inspections';
  return (PAGES as readonly string[]).includes(p ?? '') ? (p as Page) : 'inspections';
}

function inspectionIdFromUrl(): string | null {
  return new URLSearchParams(window.location.search).get('id');
}

interface NavigationState {
  page: Page;
  /** The inspection open on the scoring screen (?p=inspection&id=…). */
  inspectionId: string | null;
  /** The open tab of the current page (?tab=…), so a link can switch it while the page is showing. */
  tab: string | null;
  /** Switches the current page's tab and keeps it in the URL. */
  setTab(tab: string): void;
  /** Goes to a page; `tab` opens one of its tabs (as ?tab=… does, e.g. 数据交换 → conflicts). */
  go(page: Page, tab?: string): void;
  /** Opens an inspection, optionally on one of its sections (score, findings, …). */
  openInspection(id: string, section?: string): void;
}

export const useNavigation = create<NavigationState>((set) => ({
  page: pageFromUrl(),
  inspectionId: inspectionIdFromUrl(),
  tab: new URLSearchParams(window.location.search).get('tab'),
  setTab(tab) {
    const url = new URL(window.location.href);
    url.searchParams.set('tab', tab);
    window.history.replaceState(null, '', url);
    set({ tab });
  },
  go(page, tab) {
    const url = new URL(window.location.href);
    url.searchParams.set('p', page);
    url.searchParams.delete('id');
    url.searchParams.delete('item');
    url.searchParams.delete('section');
    if (tab) url.searchParams.set('tab', tab);
    else url.searchParams.delete('tab');
    window.history.replaceState(null, '', url);
    set({ page, inspectionId: null, tab: tab ?? null });
  },
  openInspection(id, section) {
    const url = new URL(window.location.href);
    url.searchParams.set('p', 'inspection');
    url.searchParams.set('id', id);
    url.searchParams.delete('item');
    if (section) url.searchParams.set('section', section);
    else url.searchParams.delete('section');
    window.history.replaceState(null, '', url);
    set({ page: 'inspection', inspectionId: id });
  },
}));
