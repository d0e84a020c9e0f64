/**
 * The client's transport: https with the receiver's own certificate from the connection
 * file, several addresses tried in order, and the reasons given when none answers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDeviceKey } from '../../bundle/keys';
import { readReceiverConnection } from '../../bundle/receiver-connection';
import { startFakeReceiver, type FakeReceiver } from '../../test/support/fake-receiver';
import { tempDir } from '../../test/support/temp-app';
import { callReceiver, ReceiverUnreachable } from './client';
import type { ReceiverPin } from './connection';

const device = generateDeviceKey('ed25519');
let receiver: FakeReceiver;
let dir: string;

function pinOf(text: string): ReceiverPin {
  const read = readReceiverConnection(text);
  if (!read.ok) throw new Error(read.reason);
  const c = read.connection;
  return { name: c.name, urls: c.urls, alg: c.alg, keyId: c.keyId, publicKey: c.publicKey, tlsCertificate: c.tlsCertificate ?? null };
}

beforeAll(async () => {
  dir = tempDir('ducha-tls-');
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=ducha-receiver', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  receiver = await startFakeReceiver({ tls: { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') } });
});
afterAll(async () => {
  await receiver.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('callReceiver', () => {
  it('speaks https to a receiver whose self-signed certificate came in the connection file', async () => {
    const pin = pinOf(receiver.connectionText);
    expect(pin.urls[0]).toMatch(/^https:/);
    const answer = await callReceiver(pin, device, { method: 'GET', path: '/v1/device' });
    expect(answer).toMatchObject({ status: 401, json: { error: { code: 'UNKNOWN_DEVICE' } } });
  });

  it('refuses that certificate without the file’s copy, and says so', async () => {
    const pin = { ...pinOf(receiver.connectionText), tlsCertificate: null };
    await expect(callReceiver(pin, device, { method: 'GET', path: '/v1/device' })).rejects.toThrow(/TLS 证书验证失败/);
  });

  it('tries the addresses in order, signing afresh for each, and names each that failed', async () => {
    const pin = pinOf(receiver.connectionText);
    const answer = await callReceiver({ ...pin, urls: ['http://127.0.0.1:9', ...pin.urls] }, device, { method: 'GET', path: '/v1/device' });
    expect(answer.url).toBe(pin.urls[0]);
    const error = await callReceiver({ ...pin, urls: ['http://127.0.0.1:9', 'http://127.0.0.1:9/prefix'] }, device, { method: 'GET', path: '/v1/device' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReceiverUnreachable);
    expect((error as Error).message).toBe('无法连接接收端 http://127.0.0.1:9（对方拒绝连接，接收端可能未运行）；无法连接接收端 http://127.0.0.1:9/prefix（对方拒绝连接，接收端可能未运行）');
  });

  it('gives up on a receiver that goes silent, within the idle timeout', async () => {
    const net = await import('node:net');
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      await expect(callReceiver({ ...pinOf(receiver.connectionText), urls: [`http://127.0.0.1:${port}`] }, device, { method: 'GET', path: '/v1/device' }, { idleTimeoutMs: 300 })).rejects.toThrow(/连接超时/);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.close();
    }
  });
});
