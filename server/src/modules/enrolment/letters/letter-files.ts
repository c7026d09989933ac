import path from 'node:path';

/**
 * Where a batch's files live: ENROLMENT_LETTERS_DIR/<batch id>/ (default DATA_DIR/enrolment-letters),
 * shared by the nodes (one folder or volume, like attachments), so any node can resume a batch or
 * serve its files.
 * `*.part` are being written; the journal holds the committed chunks' letters until the batch is
 * done (it is how a restarted node renders the pages of chunks committed before the crash).
 */
export function letterFiles(lettersDir: string, batchId: string) {
  const dir = path.join(lettersDir, batchId);
  return {
    dir,
    journal: path.join(dir, 'journal.ndjson'),
    pdfPart: path.join(dir, 'letters.pdf.part'),
    csvPart: path.join(dir, 'letters.csv.part'),
    pdf: path.join(dir, 'letters.pdf'),
    csv: path.join(dir, 'letters.csv'),
  };
}
