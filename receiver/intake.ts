/**
 * What the receiver answers to each request of sync protocol v1, apart from HTTP: the
 * server hands it the method, the target as sent, the headers and the body's bytes, and
 * sends back (signed) what it returns. Every request must be signed by an enrolled
 * device's key and carry a nonce not seen before; a bundle is acknowledged (201/200) only
 * once its file is flushed and its row committed, and only with a signed receipt.
 */
import fs from 'node:fs';
import { sha256Hex } from '../bundle/canonical';
import { verifyEnrollmentRequest } from '../bundle/enrollment';
import { keyAlgOf, type BundleSigner } from '../bundle/format';
import { checkRequestSignature, MAX_CLOCK_SKEW_SECONDS, readRequestSignature, type HeaderBag, type ReadSignature } from '../bundle/http-signature';
import { signReceipt } from '../bundle/receipt';
import { parseReviewText, reviewText, verifyReview } from '../bundle/review';
import { BUNDLE_ID_PATTERN, DEVICE_STATE_MESSAGES, FEED_PAGE_DEFAULT, FEED_PAGE_MAX, SYNC_PATHS, type FeedAnswer, type ReviewsAnswer, type SyncErrorCode } from '../bundle/sync-api';
import { checkBundleUpload } from '../core/exchange/verify-upload';
import { bundlePath, writeBundleFile } from './bundle-files';
import { deskScopeOf, deskUnitOf, type BundleRow, type DeskScope, type DeviceRow, type ReceiptMaker, type ReceiverStore } from './store/types';

export interface IntakeRequest {
  method: string;
  /** Path and query exactly as sent (what the signature covers). */
  target: string;
  headers: HeaderBag;
  body: Buffer;
}

export interface IntakeAnswer {
  status: number;
  json: unknown;
  /** Sent instead of `json` when set: a stored bundle file's exact bytes. */
  raw?: Buffer;
}

export interface IntakeDeps {
  store: ReceiverStore;
  /** The receiver's key: signs receipts. */
  key: BundleSigner;
  dataDir: string;
  maxBundleBytes: number;
  /** One line per event worth a log: enrollments, stored bundles, refusals. Never key material. */
  log?: (line: string) => void;
  now?: () => Date;
}

export function receiptMaker(key: BundleSigner): ReceiptMaker {
  return (b: Parameters<ReceiptMaker>[0], seq: number) =>
    JSON.stringify(signReceipt({ deviceKeyId: b.deviceKeyId, bundleId: b.bundleId, sha256: b.sha256, bytes: b.bytes, receivedAt: b.receivedAt, seq }, key));
}

function refuse(status: number, code: SyncErrorCode, message: string): IntakeAnswer {
  return { status, json: { error: { code, message } } };
}

function deviceAnswer(d: DeviceRow): IntakeAnswer {
  return { status: 200, json: { device: { keyId: d.keyId, state: d.state, message: DEVICE_STATE_MESSAGES[d.state] } } };
}

/** 200/201 with the receipt of a stored bundle, 202 for one held for its device's approval. */
function bundleAnswer(row: BundleRow, isNew: boolean): IntakeAnswer {
  if (row.state === 'stored' && row.receipt) return { status: isNew ? 201 : 200, json: { receipt: JSON.parse(row.receipt) as unknown } };
  return { status: 202, json: { held: { bundleId: row.bundleId, sha256: row.sha256, bytes: row.bytes, message: DEVICE_STATE_MESSAGES.pending } } };
}

const REPLAYED = refuse(401, 'REPLAYED', '该请求已被处理过（重放）。请重试；如反复出现，请检查网络中是否有代理重发请求。');

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

const NOT_A_DESK = refuse(403, 'FORBIDDEN', '本设备不是区局或市局的审核端，不能读取其他设备送来的数据。如需审核，请联系市局管理员以审核端身份批准本设备。');

/** `after` and `limit` of a paged read; null when either is not a plain number in range. */
function pageOf(target: string): { after: number; limit: number } | null {
  const at = target.indexOf('?');
  const query = new URLSearchParams(at < 0 ? '' : target.slice(at + 1));
  for (const key of query.keys()) if (key !== 'after' && key !== 'limit') return null;
  const after = query.get('after') ?? '0';
  const limit = query.get('limit') ?? String(FEED_PAGE_DEFAULT);
  if (!/^\d{1,15}$/.test(after) || !/^\d{1,4}$/.test(limit)) return null;
  const page = { after: Number(after), limit: Number(limit) };
  return page.limit >= 1 && page.limit <= FEED_PAGE_MAX ? page : null;
}

function scopeLabel(scope: DeskScope): string {
  return scope.role === 'city' ? '市局（全市）' : scope.district;
}

export function createIntake(deps: IntakeDeps): (request: IntakeRequest) => Promise<IntakeAnswer> {
  const { store, key } = deps;
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => undefined);
  const makeReceipt = receiptMaker(key);

  async function freshNonce(read: ReadSignature): Promise<boolean> {
    const seconds = Math.floor(now().getTime() / 1000);
    // Twice the skew window: a request older than that is refused for its clock anyway.
    return store.useNonce(read.keyId, read.nonce, read.created, seconds - 2 * MAX_CLOCK_SKEW_SECONDS);
  }

  async function enroll(read: ReadSignature, body: Buffer): Promise<IntakeAnswer> {
    const checked = verifyEnrollmentRequest(body);
    if (!checked.ok) return refuse(400, 'BAD_REQUEST', checked.reason);
    const request = checked.request;
    if (request.keyId !== read.keyId) return refuse(400, 'BAD_REQUEST', '登记申请中的设备密钥与请求签名所用的密钥不一致。请升级督查台后重试。');
    const signed = checkRequestSignature(read, { alg: keyAlgOf(request.alg), publicKey: request.publicKey });
    if (!signed.ok) return refuse(signed.status, signed.code, signed.message);
    if (!(await freshNonce(read))) return REPLAYED;
    const known = await store.getDevice(request.keyId);
    if (known) return deviceAnswer(known);
    const device = await store.enrollDevice({
      keyId: request.keyId,
      alg: request.alg,
      publicKey: request.publicKey,
      fingerprint: request.fingerprint,
      inspectorName: request.inspector.name,
      badgeNo: request.inspector.badgeNo,
      unit: request.inspector.unit,
      appVersion: request.appVersion,
      enrollment: body.toString('utf8'),
      enrolledAt: now().toISOString(),
    });
    log(`新设备登记：${device.inspectorName}（执法证号 ${device.badgeNo}，${device.unit}），密钥 ${device.keyId}，指纹 ${device.fingerprint}。核对指纹后运行 ducha receiver devices approve ${device.keyId} 批准。`);
    return deviceAnswer(device);
  }

  async function putBundle(device: DeviceRow, bundleId: string, body: Buffer): Promise<IntakeAnswer> {
    if (body.length > deps.maxBundleBytes) return refuse(413, 'TOO_LARGE', `数据包超过接收端允许的 ${Math.round(deps.maxBundleBytes / 1024 / 1024)} MB。请改用 U 盘导出，或请市局调大接收端的上限。`);
    const sha256 = sha256Hex(body);
    const compare = (row: BundleRow): IntakeAnswer => {
      if (row.deviceKeyId !== device.keyId) return refuse(403, 'NOT_YOUR_BUNDLE', '接收端已有另一台设备送来的同一编号数据包，本设备不能覆盖或查询它。');
      if (row.sha256 !== sha256) return refuse(409, 'BUNDLE_CONFLICT', `接收端已保存编号 ${bundleId} 的数据包，但内容与本次发送的不同。已保存的不会被覆盖；请联系市局核对。`);
      return bundleAnswer(row, false);
    };
    const existing = await store.getBundle(bundleId);
    if (existing) return compare(existing);

    let text: string;
    try {
      text = STRICT_UTF8.decode(body);
    } catch {
      return refuse(400, 'BUNDLE_INVALID', '数据包不是有效的 UTF-8 文本，已拒收。请重新同步；如反复出现，请改用 U 盘导出并联系市局。');
    }
    const check = checkBundleUpload(text, { maxBytes: deps.maxBundleBytes });
    if (!check.ok) return refuse(400, 'BUNDLE_INVALID', `数据包未通过校验，已拒收：${check.reason}`);
    if (check.header.bundleId !== bundleId) return refuse(400, 'BAD_REQUEST', '数据包内的编号与上传地址中的编号不一致，已拒收。');
    if (check.header.keyId !== device.keyId) return refuse(403, 'NOT_YOUR_BUNDLE', '数据包不是由发送它的设备密钥签署的。每台设备只能上传自己签署的数据包。');

    const file = await writeBundleFile(deps.dataDir, sha256, body);
    const added = await store.addBundle(
      {
        bundleId,
        deviceKeyId: device.keyId,
        sha256,
        bytes: body.length,
        receivedAt: now().toISOString(),
        inspections: check.inspections,
        evidence: check.evidence,
        partOf: check.partOf?.bundleId ?? null,
        records: check.records,
      },
      makeReceipt,
    );
    if (added.kind === 'exists') {
      // Another request with this id committed first. A file under another hash is ours alone.
      if (added.row.sha256 !== sha256) fs.rmSync(file, { force: true });
      return compare(added.row);
    }
    const row = added.row;
    const what = `数据包 ${bundleId}（${check.inspections} 份检查，${check.evidence} 件证据，${Math.ceil(body.length / 1024)} KB），来自 ${device.inspectorName}（${device.keyId}）`;
    log(row.state === 'stored' ? `已入库 #${row.seq}：${what}` : `已暂存，待批准设备：${what}`);
    return bundleAnswer(row, true);
  }

  async function feed(scope: DeskScope, target: string): Promise<IntakeAnswer> {
    const page = pageOf(target);
    if (!page) return refuse(400, 'BAD_REQUEST', `分页参数不正确（after 为非负整数，limit 为 1–${FEED_PAGE_MAX}）。请升级督查台后重试。`);
    // One more than asked tells whether another page follows.
    const rows = await store.feed(scope, page.after, page.limit + 1);
    const items = rows.slice(0, page.limit).map((b) => ({
      seq: b.seq!,
      bundleId: b.bundleId,
      sha256: b.sha256,
      bytes: b.bytes,
      receivedAt: b.receivedAt,
      deviceKeyId: b.deviceKeyId,
      partOf: b.partOf,
    }));
    const answer: FeedAnswer = { items, last: items.at(-1)?.seq ?? page.after, more: rows.length > page.limit };
    return { status: 200, json: answer };
  }

  async function getBundle(device: DeviceRow, scope: DeskScope, bundleId: string): Promise<IntakeAnswer> {
    const row = await store.getBundle(bundleId);
    if (!row || row.state !== 'stored') return refuse(404, 'NOT_FOUND', '接收端没有该数据包。');
    if (!(await store.inScope(bundleId, scope))) {
      log(`越权读取：审核端 ${device.inspectorName}（${device.keyId}，${scopeLabel(scope)}）请求数据包 ${bundleId}，不在其辖区内，已拒绝。`);
      return refuse(403, 'FORBIDDEN', '该数据包不属于本审核端的辖区，不能读取。');
    }
    let raw: Buffer;
    try {
      raw = await fs.promises.readFile(bundlePath(deps.dataDir, row.sha256));
    } catch {
      log(`数据包文件缺失：${bundleId}（${row.sha256}）。`);
      return refuse(500, 'INTERNAL', '接收端找不到该数据包的文件。请联系市局管理员查看接收端日志。');
    }
    if (sha256Hex(raw) !== row.sha256) {
      log(`数据包文件已损坏：${bundleId}（${row.sha256}）。`);
      return refuse(500, 'INTERNAL', '接收端保存的数据包文件已损坏，未发送。请联系市局管理员从备份恢复。');
    }
    return { status: 200, json: null, raw };
  }

  async function postReview(device: DeviceRow, scope: DeskScope, body: Buffer): Promise<IntakeAnswer> {
    let text: string;
    try {
      text = STRICT_UTF8.decode(body);
    } catch {
      return refuse(400, 'REVIEW_INVALID', '审核结论不是有效的 UTF-8 文本，已拒收。请升级督查台后重试。');
    }
    const parsed = parseReviewText(text);
    if (!parsed) return refuse(400, 'REVIEW_INVALID', '审核结论格式不符合同步协议 v1，已拒收。请升级督查台后重试。');
    const checked = verifyReview(parsed, { keyId: device.keyId, alg: device.alg, publicKey: device.publicKey });
    if (!checked.ok) return refuse(400, 'REVIEW_INVALID', checked.message);
    const review = checked.review;
    if (review.reviewUnit !== deskUnitOf(scope)) {
      return refuse(403, 'FORBIDDEN', `审核结论署名的审核单位（${review.reviewUnit}）与本设备获批的审核范围（${scopeLabel(scope)}）不一致。`);
    }
    const records = await store.revisionRecords(review.inspectionId, review.revision, review.revisionSha256);
    if (records.length === 0) return refuse(404, 'NOT_FOUND', '接收端没有该检查记录的这一签署版本，审核结论未保存。请先同步，确认记录已收到。');
    const inScope = scope.role === 'city' || records.some((r) => r.agencyDistrict === scope.district || r.inspectingUnit === scope.district);
    if (!inScope) {
      log(`越权审核：审核端 ${device.inspectorName}（${device.keyId}，${scopeLabel(scope)}）提交了检查 ${review.inspectionId} 的审核结论，不在其辖区内，已拒绝。`);
      return refuse(403, 'FORBIDDEN', '该检查记录不属于本审核端的辖区，不能审核。');
    }
    const senders = await Promise.all([...new Set(records.map((r) => r.deviceKeyId))].map((k) => store.getDevice(k)));
    if (senders.some((d) => d && (d.keyId === device.keyId || (d.badgeNo !== '' && d.badgeNo === review.reviewer.badgeNo)))) {
      return refuse(403, 'FORBIDDEN', '不能审核本人或本设备提交的检查记录，请由其他审核人员审核。');
    }
    const document = reviewText(review);
    const sha256 = sha256Hex(document);
    const added = await store.addReview({
      reviewId: review.reviewId,
      deskKeyId: device.keyId,
      inspectionId: review.inspectionId,
      revision: review.revision,
      revisionSha256: review.revisionSha256,
      state: review.state,
      sha256,
      document,
      receivedAt: now().toISOString(),
    });
    const row = added.row;
    if (added.kind === 'exists' && (row.sha256 !== sha256 || row.deskKeyId !== device.keyId)) {
      return refuse(409, 'REVIEW_CONFLICT', `接收端已保存编号 ${review.reviewId} 的另一份审核结论，不会被覆盖。`);
    }
    if (added.kind === 'added') {
      log(`审核结论 #${row.seq}：${scopeLabel(scope)} ${review.reviewer.name} 对检查 ${review.inspectionId} 第 ${review.revision} 版 ${review.state === 'accepted' ? '已受理' : '退回补正'}。`);
    }
    return { status: added.kind === 'added' ? 201 : 200, json: { review: { reviewId: row.reviewId, seq: row.seq, receivedAt: row.receivedAt } } };
  }

  async function getReviews(device: DeviceRow, target: string): Promise<IntakeAnswer> {
    const page = pageOf(target);
    if (!page) return refuse(400, 'BAD_REQUEST', `分页参数不正确（after 为非负整数，limit 为 1–${FEED_PAGE_MAX}）。请升级督查台后重试。`);
    const scope = deskScopeOf(device);
    const rows = await store.reviewsFor(scope ? { scope } : { deviceKeyId: device.keyId }, page.after, page.limit + 1);
    const items = rows.slice(0, page.limit).flatMap((r) => {
      const role = r.desk.role;
      // A decision is stored only from a desk; a desk later made an inspector again still signed it as a desk.
      if (role === 'inspector') return [];
      return [
        {
          seq: r.seq,
          receivedAt: r.receivedAt,
          review: JSON.parse(r.document) as unknown,
          desk: {
            keyId: r.desk.keyId,
            alg: r.desk.alg,
            publicKey: r.desk.publicKey,
            fingerprint: r.desk.fingerprint,
            name: r.desk.inspectorName,
            unit: r.desk.unit,
            role,
            district: r.desk.district,
          },
        },
      ];
    });
    const shown = rows.slice(0, page.limit);
    const answer: ReviewsAnswer = { items, last: shown.at(-1)?.seq ?? page.after, more: rows.length > page.limit };
    return { status: 200, json: answer };
  }

  async function getReceipt(device: DeviceRow, bundleId: string): Promise<IntakeAnswer> {
    const row = await store.getBundle(bundleId);
    // Another device's bundle is answered as absent: ids are not a way to learn what others sent.
    if (!row || row.deviceKeyId !== device.keyId) return refuse(404, 'NOT_FOUND', '接收端没有本设备送来的该数据包，将重新发送。');
    return bundleAnswer(row, false);
  }

  return async function intake(request: IntakeRequest): Promise<IntakeAnswer> {
    const method = request.method.toUpperCase();
    const at = request.target.indexOf('?');
    const path = at < 0 ? request.target : request.target.slice(0, at);
    const bundleMatch = /^\/v1\/bundles\/([^/]+)$/.exec(path);
    const receiptMatch = /^\/v1\/receipts\/([^/]+)$/.exec(path);
    const route =
      method === 'POST' && path === SYNC_PATHS.enroll
        ? 'enroll'
        : method === 'GET' && path === SYNC_PATHS.device
          ? 'device'
          : method === 'PUT' && bundleMatch
            ? 'bundle'
            : method === 'GET' && bundleMatch
              ? 'read-bundle'
              : method === 'GET' && receiptMatch
                ? 'receipt'
                : method === 'GET' && path === '/v1/feed'
                  ? 'feed'
                  : method === 'POST' && path === SYNC_PATHS.reviews
                    ? 'post-review'
                    : method === 'GET' && path === SYNC_PATHS.reviews
                      ? 'reviews'
                      : null;
    if (!route) return refuse(404, 'NOT_FOUND', '接收端没有这个地址。请核对连接文件中的地址，并升级督查台。');

    const read = readRequestSignature({ method, target: request.target, headers: request.headers, body: request.body }, Math.floor(now().getTime() / 1000));
    if (!read.ok) return refuse(read.status, read.code, read.message);
    if (route === 'enroll') return enroll(read, request.body);

    const device = await store.getDevice(read.keyId);
    if (!device) return refuse(401, 'UNKNOWN_DEVICE', '接收端不认识本设备，将自动重新登记。');
    const signed = checkRequestSignature(read, { alg: keyAlgOf(device.alg), publicKey: device.publicKey });
    if (!signed.ok) return refuse(signed.status, signed.code, signed.message);
    if (!(await freshNonce(read))) return REPLAYED;
    if (route === 'device') return deviceAnswer(device);
    if (device.state === 'revoked') return refuse(403, 'REVOKED', DEVICE_STATE_MESSAGES.revoked);

    if (route === 'feed' || route === 'read-bundle' || route === 'post-review' || route === 'reviews') {
      // Reading what others sent needs the administrator's approval as a desk; a pending device reads nothing.
      if (device.state !== 'approved') return refuse(403, 'FORBIDDEN', DEVICE_STATE_MESSAGES.pending);
      if (route === 'reviews') return getReviews(device, request.target);
      const scope = deskScopeOf(device);
      if (!scope) {
        log(`越权读取：${device.inspectorName}（${device.keyId}）不是审核端，请求 ${method} ${path}，已拒绝。`);
        return NOT_A_DESK;
      }
      if (route === 'feed') return feed(scope, request.target);
      if (route === 'post-review') return postReview(device, scope, request.body);
    }

    const id = (bundleMatch ?? receiptMatch)![1]!;
    if (!BUNDLE_ID_PATTERN.test(id)) return refuse(400, 'BAD_REQUEST', '数据包编号格式不正确。请升级督查台后重试。');
    if (route === 'read-bundle') return getBundle(device, deskScopeOf(device)!, id);
    return route === 'bundle' ? putBundle(device, id, request.body) : getReceipt(device, id);
  };
}
