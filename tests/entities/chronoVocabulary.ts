// chrono-node's own English vocabulary: the words its parsers match, for tests that must agree with it on any text.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
/** chrono-node's English dictionaries; its package exports do not name the file, so it is required by path. */
const dictionaries = require(resolve('node_modules/chrono-node/dist/cjs/locales/en/constants.js')) as Record<
  string,
  Record<string, unknown>
>;

export const CHRONO_WORDS = [
  ...['WEEKDAY_DICTIONARY', 'MONTH_DICTIONARY', 'INTEGER_WORD_DICTIONARY', 'ORDINAL_WORD_DICTIONARY', 'TIME_UNIT_DICTIONARY'].flatMap(
    (name) => Object.keys(dictionaries[name]),
  ),
  // The casual date and time parsers' words (ENCasualDateParser, ENCasualTimeParser, ENEndOfCurrentMonthParser).
  ...'now today tonight tomorrow overmorrow tmr tmrw yesterday night morning afternoon evening midnight midday noon end day'.split(' '),
  // Words the relative, ago, later and within parsers put around a number and a unit; eras, weekends, ISO's T and Z.
  ...'this last past next after before ago earlier later from henceforth forward out within in for on at the a an few several couple of half about around BC AD BE CE am pm weekend weekday T Z'.split(
    ' ',
  ),
];
