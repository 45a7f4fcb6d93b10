import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code as an SVG image: sharp at any print resolution, and its alt text says what it holds. */
export function QrImage({ text, alt }: { text: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void QRCode.toString(text, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' }).then((svg) => {
      if (current) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      current = false;
    };
  }, [text]);
  return src ? <img className="code-card-qr" src={src} alt={alt} /> : <span className="code-card-qr" />;
}
