import { create } from 'zustand';

export const PAGES = ['inspections', 'agencies', 'personnel', 'reports', 'exchange', 'settings'] as const;
export type Page = (typeof PAGES)[number];

/** The current page lives in the query string so a reload returns to it. */
function pageFromUrl(): Page {
  const p = new URLSearchParams(window.location.search).get('p');
  return (PAGES as readonly string[]).includes(p ?? '') ? (p as Page) : 'inspections';
}

interface NavigationState {
  page: Page;
  go(page: Page): void;
}

export const useNavigation = create<NavigationState>((set) => ({
  page: pageFromUrl(),
  go(page) {
    const url = new URL(window.location.href);
    url.searchParams.set('p', page);
    window.history.replaceState(null, '', url);
    set({ page });
  },
}));
