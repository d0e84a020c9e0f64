import { useEffect, useState } from 'react';
import { Skeleton } from 'antd';
import { api } from '../../api/client';

const cache = new Map<string, string>();

/** Shows a stored image (evidence, thumbnail or signature) by its SHA-256. */
export function BlobImage({ sha256, alt, style }: { sha256: string; alt: string; style?: React.CSSProperties }) {
  const [src, setSrc] = useState<string | null>(cache.get(sha256) ?? null);
  useEffect(() => {
    if (cache.has(sha256)) return;
    let live = true;
    api.call('evidence/image', { sha256 }).then(
      (img) => {
        const url = `data:${img.mediaType};base64,${img.base64}`;
        cache.set(sha256, url);
        if (live) setSrc(url);
      },
      () => live && setSrc(''),
    );
    return () => {
      live = false;
    };
  }, [sha256]);
  if (src === null) return <Skeleton.Image active style={style} />;
  if (src === '') return <span style={{ color: '#c00' }}>图片文件缺失</span>;
  return <img src={src} alt={alt} style={style} />;
}
