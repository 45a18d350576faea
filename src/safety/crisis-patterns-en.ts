import type { CrisisPattern } from './crisis-types.ts';

/**
 * English crisis patterns, written against `screeningVariants` output (lower case, leetspeak undone,
 * spelled-out letters joined, straight apostrophes). Levels:
 * - `crisis`: the writer speaks of ending their own life or harming themselves, now or as a wish, in plain or
 *   coded words (kms, unalive, sewerslide), passive wishes included ("hope I don't wake up"), and
 *   method seeking. Hyperbole that uses these words ("I'd rather kill myself than go") is a crisis on
 *   purpose: a missed crisis costs more than an unneeded notice.
 * - `concern`: ambiguous distress, hopelessness, third-person or fictional mentions ("my character wants to
 *   kill himself"), threats to others and reports of abuse. Concern steers the reply; it shows no notice.
 * Everyday idioms ("this homework is killing me", "I'd die for pizza", "dead tired") match nothing.
 */

const r = (source: string) => new RegExp(source);
const alt = (...parts: string[]) => `(?:${parts.join('|')})`;

/** "i", "i'm", "im", "i've"..., then optional softeners: the writer is the subject. */
const I_SUBJECT = String.raw`\bi(?:'m|'ve|'ll|'d| am| have| will| would|m|ve)?\s+(?:(?:really|just|honestly|seriously|literally|actually|kinda|kind of|sort of|still|sometimes|often|always|even|already|almost|have|had|been|was|am|do|did|keep|kept|feel like|am going to|'m going to|'m gonna|am gonna)\s+)*`;
/** Verbs of wish, plan or attempt. Not "going to" or "will": "I'm going to die if I eat more" is hyperbole. */
const INTENT = alt(
  'want',
  'wanna',
  'wanted',
  'wish',
  'need',
  'plan',
  'planning',
  'planned',
  'think(?:ing)? (?:about|of)',
  'thought (?:about|of)',
  'consider(?:ing|ed)?',
  'try(?:ing)?',
  'tried',
  'attempt(?:ing|ed)?',
  'should',
  'deserve',
  'ready',
  'decided',
  'prepared',
);
const SUICIDE_WORD = alt('suicide', 'sewer ?slide', 'self[ -]?deletion');
const END_OF_LIFE = alt(
  'die',
  'be dead',
  'end it all',
  'end (?:my|this) (?:own )?life',
  'take my (?:own )?life',
  `(?:commit |do |attempt )?${SUICIDE_WORD}`,
  'kill my ?self',
  'unalive(?: my ?self)?',
  'stop existing',
  'cease to exist',
  'not exist(?: anymore)?',
  'not be alive',
  'not wake up',
  'never wake up',
  'disappear forever',
  'off my ?self',
  'end my ?self',
  'rope',
);
/** Hyperbole that follows "die": die of laughter, die for pizza, die my hair (dye), die on this hill. */
const NOT_DIE_IDIOM = String.raw`(?!\s+(?:of|from|for|laughing|my|her|his|your|their|the|a|an|on this hill|happy|inside lol|in (?:a|the|this) (?:game|video game|level)))`;

export const EN_CRISIS_PATTERNS: CrisisPattern[] = [
  // ---- suicide, crisis ----
  {
    id: 'en.suicide.kill-myself',
    level: 'crisis',
    category: 'suicide',
    re: r(String.raw`\b(?:kill|killing|killed|kil) ?my ?self\b`),
    // Negated ("I would never kill myself") or the old idiom "killing myself laughing": still a concern,
    // through `en.suicide.mention`.
    unless:
      /(?:\bnever|\bnot|n't|\bdont|\bwont|\bwouldnt|\bcant)\s+(?:(?:ever|really|actually|going to|gonna|try to|want to|wanna|plan to|planning to)\s+)*kill ?my ?self\b|\bkill(?:ing|ed)? ?my ?self laughing\b/,
  },
  {
    id: 'en.suicide.kms',
    level: 'crisis',
    category: 'suicide',
    // Not kilometres: "5 kms", "kms per hour", "km/s".
    re: r(
      String.raw`(?<![\d.,]\s?)\bkms\b(?!\s*(?:/|per\b|an? hour|away\b|from\b|left\b|long\b|ahead\b|of\b|to go\b))`,
    ),
  },
  {
    id: 'en.suicide.unalive-myself',
    level: 'crisis',
    category: 'suicide',
    re: r(String.raw`\bunaliv(?:e|ing|ed) ?(?:my ?self|me)\b`),
  },
  {
    id: 'en.suicide.self-verb',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:hang(?:ing)?|hung|poison(?:ing|ed)?|drown(?:ing|ed)?|suffocat(?:e|ing)|strangl(?:e|ing)|gas(?:sing)?|off(?:ing)?|end(?:ing)?|delet(?:e|ing)) ?my ?self\b(?!\s+(?:in|with|from|off|out|some|a|an|the|to sleep|at work))`,
    ),
    unless:
      /\b(?:finish(?:ed|ing)?|paid|pay(?:ing)?|work(?:ed|ing)?|turn(?:ed|ing)?|switch(?:ed|ing)?|log(?:ged|ging)?|sign(?:ed|ing)?)\b[^.!?\n]{0,20}\boff my ?self\b/,
  },
  {
    id: 'en.suicide.shoot-myself',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:shoot|shooting|shot) ?my ?self\b(?!\s+in the (?:foot|leg|arm)|\s+(?:a|an) (?:text|message|email|reminder|photo))|\b(?:put|putting) a bullet (?:in|through) my\b|\bblow(?:ing)? my brains out\b`,
    ),
  },
  {
    id: 'en.suicide.wrists',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:slit|slitting|slash(?:ing)?|cut|cutting|slic(?:e|ing)|open(?:ing)?) (?:my|both) (?:own )?wrists?\b`,
    ),
  },
  {
    id: 'en.suicide.intent',
    level: 'crisis',
    category: 'suicide',
    // "I want to die", "i'm thinking about suicide", "I'm planning to end my life", "i tried to kill myself".
    // The idiom guard follows "die" only: "thinking about suicide a lot" is not "die a happy man".
    re: r(
      `${I_SUBJECT}${INTENT}\\s+(?:to\\s+)?(?:just\\s+)?(?:die\\b${NOT_DIE_IDIOM}|(?!die\\b)${END_OF_LIFE}\\b)`,
    ),
  },
  {
    id: 'en.suicide.want-to-die',
    level: 'crisis',
    category: 'suicide',
    // Subject dropped, as in chat: "want to die", "wanna die rn". Not "he wants to die" (concern), not
    // "I don't want to die".
    re: r(
      String.raw`(?<!\b(?:he|she|they|it|who|character|don't|dont|do not|doesn't|doesnt|didn't|didnt|never|not)\s(?:\w+\s)?)\b(?:want|wanna|wanted)\s+(?:to\s+)?(?:just\s+)?die\b${NOT_DIE_IDIOM}`,
    ),
  },
  {
    id: 'en.suicide.end-it-all',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\bend(?:ing)? it all\b(?!\s+on a\b)|\bend(?:ing)? my (?:own )?life\b|\btak(?:e|ing) my (?:own )?life\b`,
    ),
  },
  {
    id: 'en.suicide.suicidal-me',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:i'm|im|i am|i feel|i felt|feeling|i've been|ive been|i was|i get|getting)\s+(?:(?!not\b|never\b|no\b)\w+\s+){0,2}suicidal\b|\bmy suicidal (?:thoughts|feelings|urges)\b|\bi (?:have|keep having|get|had) suicidal (?:thoughts|feelings|urges)\b`,
    ),
  },
  {
    id: 'en.suicide.wish-dead',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\bwish (?:i|i'd) (?:was|were|had) (?:just )?(?:dead|died|never woken up)\b|\bwish i could (?:just )?(?:die|go to sleep and never wake up|sleep forever)\b`,
    ),
  },
  {
    id: 'en.suicide.dont-want-to-live',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:don't|dont|do not|no longer|not|never)\s+(?:really\s+|even\s+)?(?:want|wanna|wish)\s+(?:to\s+)?(?:live|be alive|exist|keep living|go on living|be around anymore)\b(?!\s+(?:in|with|near|there|here|at|on|alone|together|abroad|by|somewhere|anywhere|like|under|without|through|for (?:a|the|one)))`,
    ),
  },
  {
    id: 'en.suicide.better-off-dead',
    level: 'crisis',
    category: 'suicide',
    re: r(String.raw`\b(?:i'd|id|i would|i'm|im|i am|i'll|i will|i)\b[^.!?\n]{0,15}\bbetter off dead\b`),
  },
  {
    id: 'en.suicide.better-off-without-me',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:everyone|everybody|every one|the world|my (?:family|friends|parents|kids|children|mom|dad|wife|husband|partner)|people|they'd|they would|they'll|all of them)\b[^.!?\n]{0,30}\bbetter off (?:without me|if i (?:was|were|wasn't|weren't) (?:dead|gone|not here|not around|not alive|here|around|alive))\b`,
    ),
  },
  {
    id: 'en.suicide.no-reason-to-live',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:no|not any|not a single|zero)\s+(?:reason|point|purpose)\s+(?:to|in|of)\s+(?:live|living|being alive|stay(?:ing)? alive|go(?:ing)? on living|exist(?:ing)?)\b|\bnothing (?:left )?to live for\b|\blife (?:is not|isn't|is no longer|ain't|not|isnt) worth living\b`,
    ),
  },
  {
    id: 'en.suicide.tired-of-living',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:tired|sick|exhausted|weary)\s+of\s+(?:living|being alive|life|existing)\b(?!\s+(?:in|with|at|near|here|there|like|under|on|off|paycheck|out of))|\b(?:i'm|im|i am) (?:so |just )?done with (?:life|living|being alive)\b`,
    ),
  },
  {
    id: 'en.suicide.never-wake-up',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:hope|wish|pray|want|wanna)\s+(?:that\s+)?(?:i\s+)?(?:don't|dont|do not|never|won't|wont|wouldn't|didn't)\s+wake\s+up\b(?!\s+(?:early|late|at|before|until|till|for|in time|on time|the|him|her|them|anyone|everyone|my|so early|yet))|\b(?:go to sleep|fall asleep|sleep)\s+(?:and\s+)?(?:never|not)\s+wake\s+up\b|\b(?:don't|dont|do not|never)\s+want\s+to\s+wake\s+up\s+(?:ever\s+)?(?:again|anymore|any more|ever)\b`,
    ),
  },
  {
    id: 'en.suicide.nobody-would-care',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:nobody|no one|no-one|noone)\s+(?:would|will|even)\s+(?:care|notice|miss me)\s+if\s+i\s+(?:died|was dead|were dead|killed myself|was gone|were gone)\b`,
    ),
  },
  {
    id: 'en.suicide.method-seeking',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\bhow (?:many|much) (?:\w+ ){0,3}(?:to|would|does it take to|will|can|could) (?:\w+ ){0,4}(?:kill (?:me|a person|someone|you)|die|overdose|od)\b|\b(?:painless|easiest|quickest|fastest|best|surest|quietest)\s+(?:way|ways|method|methods)\s+to\s+(?:die|kill (?:my|your|one)self|end (?:it|my life|your life|things)|commit suicide|suicide)\b|\b(?:tie|tying|make|making)\s+a\s+noose\b`,
    ),
  },
  {
    id: 'en.suicide.jump',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:want|wanna|going|gonna|think(?:ing)? about|thought about|planning|plan|ready)\s+(?:to\s+)?(?:jump(?:ing)?\s+(?:off|from)|step(?:ping)?\s+in\s+front\s+of|throw(?:ing)?\s+my ?self\s+(?:off|in front of|under|from))\s+(?:a|the|my|this|that)?\s*(?:bridge|building|roof|rooftop|balcony|cliff|tower|window|ledge|train|bus|car|truck|overpass|parking garage|subway)\b`,
    ),
  },
  {
    id: 'en.suicide.overdose',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:want|wanna|going|gonna|planning|plan|thinking about|tried|try|i will|i'll|about)\s+(?:to\s+)?(?:overdos(?:e|ing)|od)\b|\b(?:took|take|taking|swallowed|swallow)\s+(?:a|an)\s+(?:whole|full|entire)\s+(?:bottle|box|pack|packet|strip)\s+of\b|\b(?:took|swallowed)\s+(?:\d{2,}|twenty|thirty|forty|fifty|a handful of|all (?:of )?(?:my|the))\s+(?:pills|tablets|sleeping pills|painkillers)\b(?!\s+(?:this morning|today|as prescribed|for the))`,
    ),
  },
  // ---- self-harm, crisis ----
  {
    id: 'en.self-harm.intent',
    level: 'crisis',
    category: 'self_harm',
    re: r(
      String.raw`\b(?:want|wanna|going|gonna|urges?|tempted|itching|need|needing|thinking about|feel like|started|start|keep|kept|can't stop|cant stop)\s+(?:to\s+)?(?:cut(?:ting)?|hurt(?:ing)?|harm(?:ing)?|burn(?:ing)?|punish(?:ing)?|scratch(?:ing)?|bruis(?:e|ing)|starv(?:e|ing))\s+my ?self\b|\b(?:cut|cutting|hurt|hurting|harm|harming|burn|burned|burning|burnt|punish|punished)\s+my ?self\s+(?:again|on purpose|deliberately|intentionally)\b`,
    ),
  },
  {
    id: 'en.self-harm.i-self-harm',
    level: 'crisis',
    category: 'self_harm',
    re: r(
      String.raw`\bi(?:'ve| have)?\s+(?:still\s+|sometimes\s+|been\s+|started\s+|keep\s+|relapsed\s+(?:and|on)\s+)?(?:self[ -]?harm(?:ing|ed)?|sh|cutting(?=\s*(?:$|[.!?,;]|again|my ?self|my (?:arms?|wrists?|legs?|thighs?|skin)|lately|recently))|cut again)\b|\b(?:i'm|im|i am)\s+(?:\w+\s+)?(?:cutting|hurting|burning|harming)\s+my ?self\b(?!\s+(?:a|an|some|off|short|slack|free|loose|out|by|with|when|while|in|on)\b)|\b(?:relapsed|relapse)\s+(?:on|with|into)\s+(?:self[ -]?harm|sh|cutting)\b|\bstarted cutting again\b`,
    ),
  },
  // ---- concern ----
  {
    id: 'en.self-harm.cut-myself',
    level: 'concern',
    category: 'self_harm',
    re: r(String.raw`\b(?:cut|cutting|hurt|hurting|burned|burnt|burning) my ?self\b`),
    unless:
      /\bby (?!cutting|burning|scratching)\w+ing\b|\b(?:shav(?:e|ed|ing)|cook(?:ed|ing)?|chopp?(?:ed|ing)?|slic(?:e|ed|ing)|knife|kitchen|accident(?:ally)?|by mistake|paper ?cut|glass|can|tin|nail|fence|oven|stove|iron|pan|a slice|a piece|some slack|slack|short|off|loose|free|bangs|fringe|hair|playing|play|gym|work|practice|running|skiing|lifting|falling|fell|trip(?:ped)?|sport|football|soccer|basketball|training|exercis\w*|workout|yoga|climb\w*|bike|biking|game)\b/,
  },
  {
    id: 'en.self-harm.mention',
    level: 'concern',
    category: 'self_harm',
    re: r(String.raw`\bself[ -]?(?:harm(?:ing|ed|s)?|injur(?:y|ies|e|ing)|mutilat\w*)\b`),
  },
  {
    id: 'en.suicide.mention',
    level: 'concern',
    category: 'suicide',
    // Third person, news and fiction: "my character wants to kill himself", "he committed suicide".
    re: r(
      String.raw`\b(?:${SUICIDE_WORD}|suicides|suicidal)\b|\bkill(?:ing|ed)? ?my ?self\b|\bkill(?:s|ed|ing)? ?(?:him|her|them|your|one|it)sel(?:f|ves)\b|\bkill ?themself\b|\bkys\b|\b(?:took|takes|taking) (?:his|her|their) (?:own )?life\b|\bend(?:s|ed)? (?:his|her|their) (?:own )?life\b|\bunaliv\w*`,
    ),
    unless:
      /\bsuicide\s+(?:squad|mission|doors?|sprints?|drills?|runs?|lines?|king|queen)\b|\b(?:ran|run|running|did|doing)\s+suicides\b/,
  },
  {
    id: 'en.suicide.wants-to-die',
    level: 'concern',
    category: 'suicide',
    re: r(
      String.raw`\b(?:wants|wanted|wanting|wishes|wished)\s+to\s+die\b${NOT_DIE_IDIOM}|\bwish(?:es|ed)? (?:he|she|they) (?:was|were) dead\b|\b(?:cutting|cuts|hurting|hurts|burning|harming) (?:him|her|them)sel(?:f|ves)\b|\bbetter off dead\b|\bbetter off without me\b|\blethal dose\b`,
    ),
  },
  {
    id: 'en.distress.hopeless',
    level: 'concern',
    category: 'suicide',
    re: r(
      String.raw`\bwhat'?s\s+the\s+point\s+(?:of|in)\s+(?:living|life|being alive|going on|anything|even trying|me)\b|\bcan'?t\s+(?:go on|keep going|do this anymore|take (?:it|this) anymore|live like this|cope anymore)\b|\b(?:want|wanna|wish i could)\s+(?:to\s+)?(?:just\s+)?(?:disappear|vanish)\b|\bwish\s+i\s+(?:was|were|had)\s+never\s+(?:been\s+)?(?:born|existed)\b|\b(?:nobody|no one|noone)\s+(?:would|will|even)\s+(?:care|notice|miss me)\b|\bi'?m\s+(?:just\s+|such\s+)?a\s+burden\b|\b(?:don't|dont|do not)\s+want\s+to\s+be\s+here\s+anymore\b|\bi(?:'m| am)?\s+(?:so\s+|just\s+)?done\s+with\s+(?:it all|everything)\b|\bgive up on (?:life|living|everything)\b|\b(?:don't|dont|do not)\s+(?:want|wanna)\s+to\s+live\s+like\s+this\b|\bfeel(?:ing)? like dying\b|\beverything i do is (?:pointless|useless|meaningless)\b|\b(?:want|wanna|wish i could)\s+(?:to\s+)?(?:just\s+)?sleep\s+forever\b|\b(?:think(?:ing)? (?:about|of)|want to|wanna|going to|gonna|ready to)\s+end(?:ing)?\s+(?:it|things)\b(?!\s+(?:with|between|here|now|early|there|off|on))`,
    ),
  },
  {
    id: 'en.suicide.dont-want-to-wake-up',
    level: 'concern',
    category: 'suicide',
    re: r(
      String.raw`\b(?:don't|dont|do not)\s+(?:want|wanna)\s+(?:to\s+)?wake\s+up\b(?!\s+(?:early|late|at|before|until|till|for|in time|on time|so early|this early|yet|now|the|him|her|them|anyone|my))`,
    ),
  },
  {
    id: 'en.harm-to-others.threat',
    level: 'concern',
    category: 'harm_to_others',
    re: r(
      String.raw`\b(?:i'm|im|i am|i)\s+(?:going to|gonna|will|want to|wanna|planning to|about to)\s+(?:kill|murder|shoot|stab|hurt|strangle)\s+(?:him|her|them|someone|somebody|people|everyone|everybody|my\s+\w+)\b|\bshoot\s+up\s+(?:the|my|a|our)\s+(?:school|class|office|mall|church|place|work)\b`,
    ),
    // Sibling banter: "I'm going to kill my brother if he eats my leftovers again lol".
    unless:
      /\b(?:lol|lmao|haha\w*|jk|just kidding|if (?:he|she|they|you) (?:eats?|touch(?:es)?|takes?|drinks?|uses?|steals?|spoils?|borrows?))\b/,
  },
  {
    id: 'en.abuse.report',
    level: 'concern',
    category: 'abuse',
    re: r(
      String.raw`\b(?:he|she|they|my\s+(?:dad|father|mom|mother|mum|stepdad|stepfather|stepmom|stepmother|parents?|husband|wife|boyfriend|girlfriend|bf|gf|partner|brother|sister|uncle|aunt|teacher|coach|grandpa|grandfather))\s+(?:always\s+|still\s+|often\s+|keeps\s+|sometimes\s+)?(?:hits?|beats?|beat|chokes?|choked|kicks?|kicked|slaps?|slapped|punch(?:es|ed)?|hurts?|burns?)\s+me\b(?!\s+(?:up|at|in|to|with|every time at))|\b(?:i'm|im|i am|i was|i've been|been)\s+(?:being\s+)?(?:abused|molested|raped|beaten|assaulted)\b|\b(?:sexually|physically)\s+abus\w*|\b(?:raped|molested)\s+me\b|\btouch(?:es|ed)\s+me\s+(?:inappropriately|down there|where)\b`,
    ),
  },
];
