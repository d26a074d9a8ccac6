// /timeline name: — someone's mentions in the order things happened, each with its event and publication dates.
import { timelinePages } from '../format.ts';
import { personCommand } from '../personCommand.ts';

const QUOTES_PER_PAGE = 4;

export const { data, execute, autocomplete } = personCommand({
  name: 'timeline',
  description: "A person's mentions in the order things happened, with when each was published.",
  pages: async (archive, name) => {
    const timeline = await archive.timeline(name);
    return timeline.found ? timelinePages(timeline.person, timeline.entries, QUOTES_PER_PAGE) : timeline;
  },
});
