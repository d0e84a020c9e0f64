/**
 * The device identity: the key pair that signs this laptop's bundles and
 * enrollment requests. Only public parts ever cross this contract.
 */
import { z } from 'zod';
import { emptyInput } from './common';
import { method } from './define';

/** As written in bundle headers: Ed25519 (default) or SM2 with SM3 (国密). */
export const SIGNATURE_ALGS = ['ed25519', 'sm2-sm3'] as const;
export type SignatureAlg = (typeof SIGNATURE_ALGS)[number];
export const SIGNATURE_ALG_LABELS: Record<SignatureAlg, string> = {
  ed25519: 'Ed25519（默认）',
  'sm2-sm3': 'SM2/SM3（国密）',
};

export const publicKeyInfoSchema = z.object({
  alg: z.enum(SIGNATURE_ALGS),
  /** 16 hex digits, as in bundle headers. */
  keyId: z.string(),
  publicKey: z.string(),
  /** 32 upper-case hex digits in groups of four, for comparing by eye or on the phone. */
  fingerprint: z.string(),
  /** 'os': wrapped by the system keychain (Electron safeStorage); 'file': a file only this user can read (0600). */
  protection: z.enum(['os', 'file']),
});
export type PublicKeyInfo = z.infer<typeof publicKeyInfoSchema>;

export const keysShowSchema = z.object({
  /** The key that signs new bundles. */
  current: publicKeyInfoSchema,
  /** Both algorithms' keys that exist on this device (a key is made when first chosen). */
  keys: z.array(publicKeyInfoSchema),
});

export const keysContract = {
  'keys/show': method({
    summary: '本机设备密钥（公钥指纹、签名算法）；首次调用时生成 Ed25519 密钥',
    input: emptyInput,
    output: keysShowSchema,
  }),
  'keys/setAlg': method({
    summary: '选择数据包的签名算法（Ed25519 或 SM2/SM3 国密）；首次选择某算法时生成该算法的密钥',
    input: z.object({ alg: z.enum(SIGNATURE_ALGS, { error: '签名算法应为 Ed25519 或 SM2/SM3' }) }),
    output: keysShowSchema,
  }),
  'keys/exportEnrollment': method({
    summary: '生成登记申请（检查人员姓名、执法证号、单位与本机公钥，由本机密钥签名），交市局登记',
    input: emptyInput,
    output: z.object({ fileName: z.string(), text: z.string(), fingerprint: z.string(), keyId: z.string() }),
  }),
} as const;
