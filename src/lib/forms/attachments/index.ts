export { CsvError, parseCsv, parseCsvRecords } from './csv';
export { AttachmentError, itemFileKind, itemsOf } from './items';
export type { Item, ItemFileKind } from './items';
