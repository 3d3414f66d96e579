import { HemocamError, type Logger } from '@hemocam/core';
import { openDataset, type CaseSource } from '@hemocam/io';

/** The cases of a dataset folder or file, optionally one named split, with a line saying what was found. */
export async function openCases(path: string, split: string | undefined, logger: Logger): Promise<CaseSource[]> {
  const dataset = await openDataset(path);
  for (const problem of dataset.problems) logger.warn(`${problem.file}: ${problem.reason}`);
  for (const notice of dataset.notices ?? []) logger.warn(notice);
  const cases = split ? dataset.cases.filter((c) => c.split === split) : dataset.cases;
  if (cases.length === 0) {
    const splits = [...new Set(dataset.cases.map((c) => c.split).filter(Boolean))];
    throw new HemocamError('INPUT', `${path}: no cases in split '${split}' (${splits.length ? `splits: ${splits.join(', ')}` : 'this dataset names no splits'})`, { file: path });
  }
  const labelled = cases.filter((c) => c.labels).length;
  logger.info(`${path}: ${dataset.layout} layout, ${cases.length} case(s)${split ? ` in split ${split}` : ''}, ${labelled} with weak labels`);
  return cases;
}
