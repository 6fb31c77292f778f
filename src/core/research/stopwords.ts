/** English function words and web boilerplate words that say nothing about a topic. */
export const STOPWORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each even
ever every few for from further get gets getting got had hadn't has hasn't have haven't having he he'd he'll he's
her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its
itself just let's like made make makes many may me might more most much must mustn't my myself need needs new no nor
not now of off often on once one only or other others ought our ours ourselves out over own per perhaps quite rather
really said same say says see seen shall shan't she she'd she'll she's should shouldn't since so some still such
than that that's the their theirs them themselves then there there's these they they'd they'll they're they've
this those though through thus to too two under until up upon us use used using very via was wasn't way ways we we'd
we'll we're we've well were weren't what what's whatever when when's where where's whether which while who who's
whom whose why why's will with within without won't would wouldn't yes yet you you'd you'll you're you've your yours
yourself yourselves click read share comment comments reply posted updated published menu home page subscribe
newsletter cookie cookies privacy policy terms login sign`.split(/\s+/),
);
