import type { AlertRow } from './alerts.queries.js';

const escape = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An Atom (RFC 4287) index of active warnings: one entry per message, linking to its CAP
 * document, the way national CAP feeds are indexed.
 */
export function atomFeed(alerts: AlertRow[], baseUrl: string, now = new Date()): string {
  const updated = alerts.reduce((latest, a) => (a.created_at > latest ? a.created_at : latest), new Date(0));
  const entries = alerts.map((alert) => {
    const info =
      alert.document.info.find((i) => i.language.toLowerCase().startsWith('ja')) ?? alert.document.info[0];
    const title = info?.headline ?? info?.event ?? alert.identifier;
    const capUrl = `${baseUrl}/api/alerts/${alert.id}/cap`;
    return (
      '  <entry>\n' +
      `    <id>urn:uuid:${alert.id}</id>\n` +
      `    <title>${escape(title)}</title>\n` +
      `    <updated>${alert.created_at.toISOString()}</updated>\n` +
      `    <published>${alert.sent.toISOString()}</published>\n` +
      `    <author><name>${escape(info?.senderName ?? alert.sender)}</name></author>\n` +
      `    <link rel="alternate" type="application/cap+xml" href="${escape(capUrl)}"/>\n` +
      `    <category term="${escape(alert.status)}" label="status"/>\n` +
      (info ? `    <category term="${escape(info.severity)}" label="severity"/>\n` : '') +
      (info?.description ? `    <summary>${escape(info.description)}</summary>\n` : '') +
      '  </entry>\n'
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<feed xmlns="http://www.w3.org/2005/Atom">\n' +
    `  <id>${escape(`${baseUrl}/api/alerts/atom`)}</id>\n` +
    '  <title>Active warnings</title>\n' +
    `  <updated>${(alerts.length > 0 ? updated : now).toISOString()}</updated>\n` +
    `  <link rel="self" type="application/atom+xml" href="${escape(`${baseUrl}/api/alerts/atom`)}"/>\n` +
    entries.join('') +
    '</feed>\n'
  );
}
