/** Characters Windows, macOS or a FAT-formatted USB stick refuse in a file name. */
export function safeFileNamePart(text: string, max = 40): string {
  const cleaned = Array.from(text.replace(/[\\/:*?"<>|\p{Cc}]/gu, '').replace(/\s+/g, ' ').trim());
  return cleaned.slice(0, max).join('') || '未命名';
}
