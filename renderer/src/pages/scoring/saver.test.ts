import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ItemSaver, readJournal, type ItemPatch, type JournalStorage, type SaveState } from './saver';

class MemoryStorage implements JournalStorage {
  readonly data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

const KEY = 'ducha.scoring.pending.test';

function setup(send: (p: ItemPatch) => Promise<string>) {
  const storage = new MemoryStorage();
  const states: SaveState[] = [];
  const rejected: string[] = [];
  const saver = new ItemSaver<string>({
    send,
    failure: (err) => ({ message: (err as Error).message, retry: (err as Error).message === 'offline' }),
    onState: (s) => states.push(s),
    onRejected: (_p, m) => rejected.push(m),
    storage,
    journalKey: KEY,
  });
  return { saver, storage, states, rejected };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ItemSaver', () => {
  it('sends non-text edits at once, one at a time and in order, then reports 已保存', async () => {
    const sent: ItemPatch[] = [];
    let release: () => void = () => {};
    const { saver, states, storage } = setup(async (p) => {
      sent.push(p);
      if (sent.length === 1) await new Promise<void>((r) => (release = r));
      return 'ok';
    });
    saver.edit({ no: 1, score: 2 });
    saver.edit({ no: 1, score: 3 });
    saver.edit({ no: 2, notApplicable: true });
    // The first call is in flight; the later edits wait and are merged per item.
    expect(sent).toEqual([{ no: 1, score: 2 }]);
    expect(JSON.parse(storage.getItem(KEY) ?? '[]')).toEqual([
      { no: 1, score: 3 },
      { no: 2, notApplicable: true },
    ]);
    release();
    await saver.flush();
    expect(sent).toEqual([{ no: 1, score: 2 }, { no: 1, score: 3 }, { no: 2, notApplicable: true }]);
    expect(states.at(-1)).toEqual({ kind: 'saved' });
    expect(storage.getItem(KEY)).toBeNull();
    expect(saver.hasUnsaved()).toBe(false);
  });

  it('debounces text and merges it with other fields of the same item', async () => {
    const sent: ItemPatch[] = [];
    const { saver, storage } = setup(async (p) => {
      sent.push(p);
      return 'ok';
    });
    saver.edit({ no: 5, problem: '受' }, { debounce: true });
    saver.edit({ no: 5, problem: '受控' }, { debounce: true });
    await vi.advanceTimersByTimeAsync(300);
    expect(sent).toEqual([]);
    // Typed text is in the journal before it is sent, so a crash now loses nothing.
    expect(readJournal(storage, KEY)).toEqual([{ no: 5, problem: '受控' }]);
    saver.edit({ no: 5, problem: '受控文件' }, { debounce: true });
    await vi.advanceTimersByTimeAsync(399);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([{ no: 5, problem: '受控文件' }]);
  });

  it('flush sends debounced text at once (blur, item change, page hide)', async () => {
    const sent: ItemPatch[] = [];
    const { saver } = setup(async (p) => {
      sent.push(p);
      return 'ok';
    });
    saver.edit({ no: 7, remark: '已核对' }, { debounce: true });
    await saver.flush();
    expect(sent).toEqual([{ no: 7, remark: '已核对' }]);
  });

  it('keeps a patch the host could not be reached for, shows the failure and retries', async () => {
    let online = false;
    const sent: ItemPatch[] = [];
    const { saver, states, storage } = setup(async (p) => {
      if (!online) throw new Error('offline');
      sent.push(p);
      return 'ok';
    });
    saver.edit({ no: 3, score: 1 });
    await saver.flush();
    expect(states.at(-1)).toEqual({ kind: 'error', message: 'offline' });
    expect(readJournal(storage, KEY)).toEqual([{ no: 3, score: 1 }]);
    // A newer edit of the same item wins over the failed one's field.
    saver.edit({ no: 3, score: 2 }, { debounce: true });
    online = true;
    await vi.advanceTimersByTimeAsync(3000);
    expect(sent).toEqual([{ no: 3, score: 2 }]);
    expect(states.at(-1)).toEqual({ kind: 'saved' });
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('drops a patch the host refused for good and reports it, carrying on with the rest', async () => {
    const sent: ItemPatch[] = [];
    const { saver, states, rejected, storage } = setup(async (p) => {
      if (p.no === 9) throw new Error('该检查任务已签署');
      sent.push(p);
      return 'ok';
    });
    saver.edit({ no: 9, score: 1 });
    saver.edit({ no: 10, score: 1 });
    await saver.flush();
    expect(rejected).toEqual(['该检查任务已签署']);
    expect(sent).toEqual([{ no: 10, score: 1 }]);
    expect(states.at(-1)).toEqual({ kind: 'error', message: '该检查任务已签署' });
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('readJournal ignores a damaged journal', () => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, '{not json');
    expect(readJournal(storage, KEY)).toEqual([]);
    storage.setItem(KEY, JSON.stringify([{ no: 1, score: 2 }, { bogus: true }, 'x']));
    expect(readJournal(storage, KEY)).toEqual([{ no: 1, score: 2 }]);
    expect(readJournal(null, KEY)).toEqual([]);
  });
});
