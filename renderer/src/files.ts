/**
 * Files in and out of the renderer without Node: an uploaded file becomes
 * base64 for the JSON body, and a file made for the user (base64 from the API,
 * or a bundle's text) is saved through a Blob link — the browser's own
 * download, or Electron's save dialog — the same in Electron and in a browser.
 */
import type { DownloadFile } from '../../core/contract/files';

export function readFileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      // A data: URL; everything after the first comma is the base64 body.
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error('无法读取所选文件，请确认文件未被其他程序占用后重试。'));
    reader.readAsDataURL(file);
  });
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: ArrayBuffer): string {
  const u8 = new Uint8Array(bytes);
  let s = '';
  // In slices: spreading a whole photo into one fromCharCode call overflows the argument stack.
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  return btoa(s);
}

function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later, not at once: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A generated file from the API (xlsx and the like), decoded from its base64. */
export function downloadFile(file: DownloadFile): void {
  saveBlob(file.fileName, new Blob([base64ToBytes(file.contentBase64)], { type: file.mimeType }));
}

/** Text saved byte for byte as UTF-8: an exported bundle, an e-mail draft, a public key. */
export function downloadText(fileName: string, text: string, type: string): void {
  saveBlob(fileName, new Blob([text], { type }));
}
