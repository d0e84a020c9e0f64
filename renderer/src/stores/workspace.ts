import { create } from 'zustand';
import { useNavigation } from './navigation';

/** The two per-agency forms on the 人员 page. */
export type WorkspaceTab = 'attachment2' | 'attachment1';

/**
 * Which agency the 人员 page shows and which form tab is open. Kept in the
 * query string (?agency=…&tab=…) beside the page, so a reload returns to the
 * same agency.
 */
function fromUrl(): { agencyId: string | null; tab: WorkspaceTab } {
  const q = new URLSearchParams(window.location.search);
  return { agencyId: q.get('agency'), tab: q.get('tab') === 'attachment1' ? 'attachment1' : 'attachment2' };
}

function writeUrl(agencyId: string | null, tab: WorkspaceTab): void {
  const url = new URL(window.location.href);
  if (agencyId) url.searchParams.set('agency', agencyId);
  else url.searchParams.delete('agency');
  url.searchParams.set('tab', tab);
  window.history.replaceState(null, '', url);
}

interface WorkspaceState {
  agencyId: string | null;
  tab: WorkspaceTab;
  select(agencyId: string | null): void;
  setTab(tab: WorkspaceTab): void;
  /** Opens an agency's 附件2 or 附件1 from anywhere (e.g. the agency drawer). */
  open(agencyId: string, tab: WorkspaceTab): void;
}

export const useWorkspace = create<WorkspaceState>((set, get) => ({
  ...fromUrl(),
  select(agencyId) {
    writeUrl(agencyId, get().tab);
    set({ agencyId });
  },
  setTab(tab) {
    writeUrl(get().agencyId, tab);
    set({ tab });
  },
  open(agencyId, tab) {
    useNavigation.getState().go('personnel');
    writeUrl(agencyId, tab);
    set({ agencyId, tab });
  },
}));
