"use client";

import { useEffect, useState } from "react";
import { toString as qrSvg } from "qrcode";

/**
 * A QR code of `text`, drawn in the browser by the `qrcode` package as an
 * SVG and shown as an image (a data: URL, which the pages' CSP allows for
 * images): no markup of ours is built from the text.
 */
export function QrCode({ text, label, size = 176 }: { text: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    setSrc(null);
    setFailed(false);
    qrSvg(text, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#14171fff", light: "#ffffffff" } })
      .then((svg) => live && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [text]);

  if (failed) return <p className="muted flush">The QR code could not be drawn; use the link.</p>;
  if (!src) return <div className="qr qr-placeholder skeleton" aria-hidden />;
  // eslint-disable-next-line @next/next/no-img-element -- a data: URL drawn here; next/image has nothing to optimise
  return <img className="qr" src={src} width={size} height={size} alt={label} data-testid="qr-code" />;
}
