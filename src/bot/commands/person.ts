// /person name: — an overview, then every passage mentioning someone (aliases included), each article before repeats, newest first; names autocomplete.
import { personPages } from '../format.ts';
import { personCommand } from '../personCommand.ts';

const QUOTES_PER_PAGE = 4;

export const { data, execute, autocomplete } = personCommand({
  name: 'person',
  description: 'Quotes mentioning a person: an overview, then each article, newest first.',
  pages: async (archive, name) => {
    const lookup = await archive.person(name);
    return lookup.found ? personPages(lookup, QUOTES_PER_PAGE) : lookup;
  },
});
