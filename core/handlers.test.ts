import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract, type MethodName } from './contract';
import { handlers, services } from './handlers';

const contractDir = path.join(import.meta.dirname, 'contract');

describe('methods are named where they live', () => {
  it('maps every method x/y to the function y of services/x, and nothing else', () => {
    const names = Object.keys(contract) as MethodName[];
    expect(Object.keys(handlers).sort()).toEqual([...names].sort());
    for (const name of names) {
      const [prefix, fn] = name.split('/') as [keyof typeof services, string];
      const module = services[prefix] as unknown as Record<string, unknown>;
      expect(typeof handlers[name], name).toBe('function');
      expect(handlers[name], name).toBe(module[fn]);
    }
  });

  it('declares each prefix in the contract file of its name, and only there', async () => {
    const declaredIn = new Map<string, string>();
    for (const file of readdirSync(contractDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const mod = (await import(path.join(contractDir, file))) as Record<string, unknown>;
      const prefix = file.replace(/\.ts$/, '');
      for (const [exported, value] of Object.entries(mod)) {
        if (!exported.endsWith('Contract') || exported === 'contract') continue;
        expect(exported, file).toBe(`${prefix}Contract`);
        for (const method of Object.keys(value as object)) {
          expect(method.split('/')[0], `${method} in ${file}`).toBe(prefix);
          declaredIn.set(method, file);
        }
      }
    }
    expect([...declaredIn.keys()].sort()).toEqual(Object.keys(contract).sort());
  });

  it('has one service module per prefix', () => {
    const prefixes = new Set(Object.keys(contract).map((m) => m.slice(0, m.indexOf('/'))));
    expect(Object.keys(services).sort()).toEqual([...prefixes].sort());
    const serviceDir = path.join(import.meta.dirname, 'services');
    for (const prefix of prefixes) {
      const file = path.join(serviceDir, `${prefix}.ts`);
      const folder = path.join(serviceDir, prefix, 'index.ts');
      const exists = [file, folder].filter((f) => {
        try {
          return readFileSync(f).length > 0;
        } catch {
          return false;
        }
      });
      expect(exists.length, prefix).toBe(1);
    }
  });
});
