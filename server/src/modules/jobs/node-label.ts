import os from 'node:os';

/** A stable, non-personal label for this node in logs and in the rows it holds (letter batches). */
export const nodeLabel = () => `${os.hostname()}:${process.pid}`;
