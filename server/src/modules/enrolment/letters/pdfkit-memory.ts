/**
 * Keeping a long pdfkit document (hundreds of thousands of letters, each a new page) in bounded
 * memory. pdfkit writes every finished page to its stream, but two of its structures keep growing
 * for the life of the document; both are emptied here through pdfkit's own fields (pdfkit 0.20).
 * If a later pdfkit names them differently these do nothing, and the letters benchmark's memory
 * per tenth of the run shows the growth again.
 */

/** The fields of a pdfkit document used here (private to pdfkit). */
interface PdfkitInternals {
  _fontFamilies?: Record<string, { layoutCache?: object }>;
  _root?: { data?: { Pages?: { data?: { Kids?: unknown[] } } } };
}

/** A page-tree entry: the page's dictionary, an object reference that pdfkit wrote already or not. */
interface PageReference {
  id: number;
  gen: number;
  /** Set once pdfkit has written the object. */
  offset?: number;
}

/**
 * pdfkit caches the layout of every distinct word it sets. Each letter's codes, names and address
 * are new words (about 10 KB a letter). Turning the cache off (`fontLayoutCache: false`) keeps
 * memory flat but halves the speed, since the fixed texts are laid out again on every page;
 * emptying it every few hundred letters keeps both.
 */
export function forgetWordLayouts(doc: PDFKit.PDFDocument): void {
  const families = (doc as unknown as PdfkitInternals)._fontFamilies;
  for (const font of Object.values(families ?? {})) {
    if (font.layoutCache) font.layoutCache = Object.create(null) as object;
  }
}

/**
 * pdfkit's page tree holds every page's dictionary until the document ends, to write the tree's
 * list of pages then; through it the page's content stream and resource dictionary objects stay
 * alive too (about 2.5 KB a page: 500 MB for 200,000 letters). The list needs only each page's
 * object number, so the entries of pages already written are replaced by bare references to the
 * same object, and the written pages' objects can be collected. The page being set stays as it is.
 * Returns the number of entries replaced so far, to start from next time.
 */
export function forgetWrittenPages(doc: PDFKit.PDFDocument, from: number): number {
  const kids = (doc as unknown as PdfkitInternals)._root?.data?.Pages?.data?.Kids;
  if (!kids) return from;
  let next = from;
  while (next < kids.length - 1) {
    const page = kids[next] as PageReference;
    // Not written yet (pages kept in a buffer): leave it and everything after it.
    if (page.offset === undefined) break;
    kids[next] = bareReference(page);
    next += 1;
  }
  return next;
}

/**
 * An object reference that writes itself as `id gen R`, as pdfkit's own does; made from the
 * reference's prototype chain so that pdfkit's writer recognises it as a reference.
 */
function bareReference(page: PageReference): object {
  const abstractReference = Object.getPrototypeOf(Object.getPrototypeOf(page) as object) as object;
  const text = `${page.id} ${page.gen} R`;
  return Object.create(abstractReference, { toString: { value: () => text } }) as object;
}
