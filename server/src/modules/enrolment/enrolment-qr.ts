import QRCode from 'qrcode';

/** The portal address a code's QR code and printed link point to. */
export function enrolmentUrl(portalBase: string, code: string): string {
  return `${portalBase}/#/enrol?code=${encodeURIComponent(code)}`;
}

/**
 * The QR code as an SVG data URL: an `<img>` shows and prints it, and no script or style runs from
 * it. Error correction M survives a crease or a smudge on a printed slip.
 */
export async function qrDataUrl(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
