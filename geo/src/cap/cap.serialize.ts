import type { CapAlert, CapArea, CapInfo } from './cap.schema.js';
import { CAP_NAMESPACE } from './cap.types.js';

const escape = (value: string) =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

function element(name: string, value: string | number | undefined, indent: string): string {
  return value === undefined ? '' : `${indent}<${name}>${escape(String(value))}</${name}>\n`;
}

function pairs(
  name: string,
  values: readonly { valueName: string; value: string }[],
  indent: string,
): string {
  return values
    .map(
      (pair) =>
        `${indent}<${name}>\n${element('valueName', pair.valueName, `${indent}  `)}${element('value', pair.value, `${indent}  `)}${indent}</${name}>\n`,
    )
    .join('');
}

function areaXml(area: CapArea, indent: string): string {
  const inner = `${indent}  `;
  return (
    `${indent}<area>\n` +
    element('areaDesc', area.areaDesc, inner) +
    area.polygon.map((polygon) => element('polygon', polygon, inner)).join('') +
    area.circle.map((circle) => element('circle', circle, inner)).join('') +
    pairs('geocode', area.geocode, inner) +
    element('altitude', area.altitude, inner) +
    element('ceiling', area.ceiling, inner) +
    `${indent}</area>\n`
  );
}

function infoXml(info: CapInfo): string {
  const i = '    ';
  return (
    '  <info>\n' +
    element('language', info.language, i) +
    info.category.map((category) => element('category', category, i)).join('') +
    element('event', info.event, i) +
    info.responseType.map((type) => element('responseType', type, i)).join('') +
    element('urgency', info.urgency, i) +
    element('severity', info.severity, i) +
    element('certainty', info.certainty, i) +
    element('audience', info.audience, i) +
    pairs('eventCode', info.eventCode, i) +
    element('effective', info.effective, i) +
    element('onset', info.onset, i) +
    element('expires', info.expires, i) +
    element('senderName', info.senderName, i) +
    element('headline', info.headline, i) +
    element('description', info.description, i) +
    element('instruction', info.instruction, i) +
    element('web', info.web, i) +
    element('contact', info.contact, i) +
    pairs('parameter', info.parameter, i) +
    info.area.map((area) => areaXml(area, i)).join('') +
    '  </info>\n'
  );
}

/** The alert as a CAP 1.2 XML document, elements in the order the schema requires. */
export function toCapXml(alert: CapAlert): string {
  const i = '  ';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<alert xmlns="${CAP_NAMESPACE}">\n` +
    element('identifier', alert.identifier, i) +
    element('sender', alert.sender, i) +
    element('sent', alert.sent, i) +
    element('status', alert.status, i) +
    element('msgType', alert.msgType, i) +
    element('source', alert.source, i) +
    element('scope', alert.scope, i) +
    element('restriction', alert.restriction, i) +
    element('addresses', alert.addresses, i) +
    alert.code.map((code) => element('code', code, i)).join('') +
    element('note', alert.note, i) +
    element('references', alert.references, i) +
    element('incidents', alert.incidents, i) +
    alert.info.map(infoXml).join('') +
    '</alert>\n'
  );
}
