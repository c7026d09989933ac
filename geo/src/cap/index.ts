export * from './cap.area.js';
export * from './cap.datetime.js';
export * from './cap.references.js';
export * from './cap.schema.js';
export * from './cap.serialize.js';
export * from './cap.types.js';
export * from './cap.xml.js';
export * from './geocodes.js';
