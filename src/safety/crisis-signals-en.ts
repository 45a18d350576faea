import type { CrisisPattern } from './crisis-types.ts';

/**
 * English indirect crisis signals, by category, on top of `crisis-patterns-en.ts` (same normalised input,
 * same levels). Each says nothing of dying in so many words, so each is two or three conditions at once -
 * which is what tells it from its everyday look-alike:
 * - means + readiness + a time: "saved up my pills ... tonight", not "I'll take my pills tonight";
 * - farewell acts: goodbye letters, giving things away "because I won't need them", last words - not a
 *   goodbye card for a colleague, not giving furniture away before a move;
 * - passive wishes: "easier for everyone if I wasn't here", "wish a car would hit me";
 * - method-seeking after a loss: a question about the height of a bridge or a roof right after bad news (in
 *   the previous turns or earlier in the message) - a tourist's question alone is nothing;
 * - a fictional frame followed by a first-person disclosure: "me too" after a story whose character wants
 *   to die - "me too" after a character who loves pizza is nothing.
 */

const r = (source: string) => new RegExp(source);

const MEANS = String.raw`\b(?:pills?|meds|medications?|tablets?|painkillers|antidepressants|insulin|paracetamol|tylenol|ropes?|noose|guns?|pistol|razor ?blades?|charcoal)\b`;
/** Gathered, counted, ready. */
const READY = String.raw`\b(?:sav(?:e|ed|ing)|enough|stockpil\w*|hoard\w*|collect(?:ed|ing)|count(?:ed|ing)|lined up|loaded|(?:take|swallow|taking|swallowing) (?:them |it )?(?:all|every|the whole)|everything'?s ready|all ready|(?:have|got) the (?:pills|meds|rope|gun)|got the (?:rope|gun) out|bought (?:a |some )?(?:rope|gun|noose|charcoal))\b`;
/** A time, or a moment alone. */
const WHEN = String.raw`\b(?:tonight|this weekend|tomorrow|after (?:midnight|everyone|they|my \w+)|when (?:my|everyone|the|they)\b|(?:away|gone|out) (?:till|until)\b|nobody (?:will be|is) (?:home|here|around))`;
/** What it is for. */
const FINAL = String.raw`\b(?:it'?ll (?:all )?be over|i'?m done|(?:do|doing) it|know what i'?m going to do|make it (?:all )?stop|that (?:should|will) do it|end it)\b`;
const NOT_MEANS_CONTEXT =
  /\b(?:tent|camp\w*|climb\w*|hik\w*|swing|boat|laundry|hunting|range|vet|dog|cat|prescri\w*|doctor|pharmac\w*)\b/;

/** Bad news in the previous turns: a job, a partner, a death, a diagnosis, a home, a last chance. */
const LOSS = String.raw`\b(?:got fired|fired me|been fired|laid off|lost (?:my job|everything|it all|my (?:home|house|apartment|flat|business|son|daughter|wife|husband|mom|mum|dad|mother|father|baby|child))|(?:left|dumped|cheated on|broke up with) me|(?:wife|husband|girlfriend|boyfriend|partner) (?:left|walked out)|never loved me|divorc\w*|died|passed away|is dead|killed (?:himself|herself)|tumou?r|cancer|terminal|failed\b[^.!?\n]{0,30}\b(?:again|last)|rejected (?:from|by) every|taking (?:the|my) house|evict\w*|bankrupt\w*|my fault|kicked out|expelled|(?:she|he|they)'?s gone|(?:she|he|they)'?re gone)\b`;
const PLACE = `(?:bridges?|buildings?|roofs?|rooftops?|towers?|cliffs?|parking (?:garage|structure)|car ?park|top floor|river|overpass|dam|skyscrapers?|balcon(?:y|ies))`;
const HEIGHT_QUESTION = String.raw`\b(?:how (?:tall|high|deep|far down)|tallest|highest|how many (?:floors|stories|storeys)|(?:on|onto|to|get to) the roof|rooftop)\b[^?\n]{0,60}\b(?:${PLACE}|point)\b|\b${PLACE}\b[^?\n]{0,60}(?:\bhow (?:tall|high|deep)\b|\btallest\b|\bhighest\b|\bover \d+ ?(?:m|meters|metres|feet|ft)\b|\b(?:really|very|super|so) (?:high|tall)\b|\bhigh up\b|\bopen at night\b|\bwithout (?:a )?(?:fence|railing|barrier)\b)`;

/** A story, a character, a role-play... */
const FICTION = String.raw`\b(?:story|stories|character|characters|oc|ocs|roleplay|role-play|rp|novel|poem|book'?s?|game|hero|heroine|protagonist|knight|scene|chapter|fanfic|fic|comic|manga|anime|movie|film|show)\b`;
/** ...whose character wants to die. */
const FICTION_DEATH = String.raw`\b(?:end (?:her|his|their) (?:own )?life|(?:take|takes|taking) (?:her|his|their) own life|kill (?:himself|herself|themselves)|wants? to die|dies by suicide|suicid\w*|about to jump|jump off|throw (?:himself|herself) off|disappear forever|goodbye letters?|better (?:off )?without (?:him|her|them)|taking all (?:her|his) pills|end it all|before (?:she|he) dies|jumps? (?:from|off)|disappears? forever|leaves a note)\b`;
/** Then the writer says it is theirs. */
const DISCLOSURE = String.raw`\b(?:me too|same here|i do too|i feel the same|that'?s how i feel|i relate|(?:it'?s|that'?s|is) (?:literally )?me\b|the (?:boy|girl|guy|man|woman|character|knight|hero|heroine) is me|i already wrote mine|i'?m (?:kind of |kinda )?where (?:she|he) is|not (?:really )?a (?:story|character)|(?:kind of |kinda )?my plan(?: too| as well)?\b|what i (?:want|plan|mean) to do|i want to do (?:that|the same)|i(?:'ve| have) been (?:thinking|planning) (?:the same|that))`;

export const EN_CRISIS_SIGNALS: CrisisPattern[] = [
  // ---- means + timing ----
  // Means and two of: gathered, a time, a purpose.
  {
    id: 'en.means.stockpile-timing',
    level: 'crisis',
    category: 'suicide',
    re: r(MEANS),
    with: [r(READY), r(WHEN)],
    unless: NOT_MEANS_CONTEXT,
  },
  {
    id: 'en.means.stockpile-purpose',
    level: 'crisis',
    category: 'suicide',
    re: r(MEANS),
    with: [r(READY), r(FINAL)],
    unless: NOT_MEANS_CONTEXT,
  },
  {
    id: 'en.means.timing-purpose',
    level: 'crisis',
    category: 'suicide',
    re: r(MEANS),
    with: [r(WHEN), r(FINAL)],
    unless: NOT_MEANS_CONTEXT,
  },
  {
    id: 'en.means.enough-pills',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\bhow many (?:\w+ ){0,3}(?:pills|tablets|meds|capsules|painkillers)\b[^.!?\n]{0,30}\b(?:would|will|is|are|to) (?:be )?(?:enough|fatal|lethal)\b|\bhow many (?:\w+ ){0,4}(?:would|does|will) it take to (?:not|never) wake up\b`,
    ),
  },
  {
    id: 'en.means.lethal-fall',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\bhow (?:high|tall|many (?:floors|stories|storeys|metres|meters|feet))\b[^.!?\n]{0,60}\b(?:fatal|lethal|deadly|not survive|don'?t survive|wouldn'?t survive|to die|kill (?:you|me|someone|a person))\b`,
    ),
  },
  // ---- farewell acts ----
  {
    id: 'en.farewell.letters',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:goodbye|farewell|suicide) (?:letters?|notes?)\b|\bwrote (?:notes|letters) (?:for|to) (?:everyone|everybody|each of them|all of them|my (?:whole )?family)\b|\b(?:wrote|written|writing|left) (?:a )?(?:letters?|notes?) (?:to|for) (?:my \w+|everyone|each of)\b[^.!?\n]{0,40}\b(?:explain\w* everything|goodbye|sorry|find (?:it|them)|leave (?:it|them))`,
    ),
    unless:
      /\b(?:cards?|emails?|coworkers?|colleagues?|retir\w*|moving|party|class|classmates?|exchange student|story|character)\b/,
  },
  {
    id: 'en.farewell.giving-away',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:giv(?:e|ing|en)|gave) away (?:\w+ ){0,3}(?:things|stuff|belongings|possessions)\b|\b(?:gave|giving|given) my \w+ to my\b`,
    ),
    with: [
      r(
        String.raw`\bwon'?t need (?:it|them|anything|any of (?:it|them))\b|\bwon'?t be (?:around|here|needing)\b|\bbefore the end\b(?! of)|\bnot going to need\b|\bwhere i'?m going\b`,
      ),
    ],
  },
  {
    id: 'en.farewell.last-words',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\bthis (?:is|will be) my last (?:message|text|post|time (?:talking|writing))\b|\b(?:this is )?the last time i'?ll (?:write|talk|message|post|be) here\b|\b(?:if|when) you (?:don'?t|never|won'?t) hear from me (?:again|after)\b|\byou won'?t (?:hear from|see) me (?:again|anymore|ever again)\b|\b(?:the )?last (?:one|person) i(?:'ll| will)? (?:talk|speak|chat|write) to\b|\bthis is (?:the end|it) for me\b|\bby the time you read this\b`,
    ),
    unless:
      /\b(?:for (?:today|tonight|now|the day|this week)|going to bed|goodnight|good night|before (?:bed|i sleep)|gotta go|see you|ttyl|tomorrow)\b/,
  },
  {
    id: 'en.farewell.after-im-gone',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:after|when|once) i'?m (?:gone|dead|not (?:here|around)(?: anymore| any more)?)\b(?!\s+(?:for|on|to|at|from|tomorrow|today|next|this)\b)|\bwon'?t be around (?:much|for much) longer\b`,
    ),
  },
  {
    id: 'en.farewell.will',
    level: 'crisis',
    category: 'suicide',
    re: /\b(?:put|left|wrote|written|finished|updated|made) my will\b/,
    with: [/\b(?:goodbye|farewell|tonight|anymore|the end|forgive me)\b/],
  },
  {
    id: 'en.farewell.apology',
    level: 'crisis',
    category: 'suicide',
    re: /\btell (?:my \w+|everyone|them|her|him) (?:that )?i'?m sorry\b/,
    with: [/\bi can'?t (?:anymore|any more|go on|do this anymore|keep going)\b|\bgoodbye\b/],
  },
  // ---- passive wishes ----
  {
    id: 'en.passive.if-i-were-gone',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:easier|better|happier|lighter)\b[^.!?\n]{0,30}\bif i (?:just )?(?:wasn'?t|weren'?t|was not|were not) (?:here|around|alive)\b|\b(?:easier|better|happier)\b[^.!?\n]{0,30}\bif i (?:just )?(?:was gone|were gone|disappeared|vanished|died|was dead|were dead|didn'?t exist)\b`,
    ),
  },
  {
    id: 'en.passive.hit-by',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:wish|hope|pray)\b[^.!?\n]{0,20}\b(?:car|bus|truck|train|lorry) (?:would|will|could) (?:just )?(?:hit|run over|kill) me\b|\b(?:wish|hope)\b[^.!?\n]{0,10}\bi (?:get|got|would get) (?:hit|run over) by\b`,
    ),
  },
  {
    id: 'en.passive.no-point',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:don'?t|do not|can'?t|cannot|no longer) see (?:the|any) point (?:of|in) (?:living|life|being alive|staying alive|going on|existing)\b|\bwhat'?s the point (?:of|in) (?:staying alive|being alive|going on living|living anymore|living any more|existing)\b`,
    ),
  },
  {
    id: 'en.passive.make-it-stop',
    level: 'crisis',
    category: 'suicide',
    re: /\b(?:want|wants|wanted|need)\b[^.!?\n]{0,10}\b(?:it|everything|it all|all of it|this) to (?:stop|end|be over)\b/,
    with: [/\b(?:forever|for good|permanently|for ever)\b/],
  },
  {
    id: 'en.passive.not-in-this-world',
    level: 'crisis',
    category: 'suicide',
    re: /\b(?:don'?t|do not) want to be (?:here|around|alive)\b[^.!?\n]{0,20}\b(?:in|on) this (?:world|earth|planet)\b/,
  },
  {
    id: 'en.passive.never-wake-up',
    level: 'crisis',
    category: 'suicide',
    re: r(
      String.raw`\b(?:hope|wish|pray)\s+(?:that\s+)?i\s+(?:just\s+|simply\s+)(?:don'?t|do not|never|won'?t)\s+wake\s+up\b(?!\s+(?:early|late|at|before|until|till|for|in time|on time|the|him|her|them|anyone|everyone|my|so early|yet))`,
    ),
  },
  {
    id: 'en.passive.nobody-would-notice',
    level: 'crisis',
    category: 'suicide',
    re: /\b(?:nobody|no one|no-one|noone)\s+(?:would|will)\s+(?:even\s+|really\s+|ever\s+)?(?:care|notice|miss me)\s+if\s+i\s+(?:died|was dead|were dead|was gone|were gone|killed myself)\b/,
  },
  // ---- self-harm ----
  {
    id: 'en.self-harm.urge',
    level: 'crisis',
    category: 'self_harm',
    re: /\b(?:urges?|cravings?|itch|tempted|temptation) (?:to|for) (?:cut|cutting|self[ -]?harm|sh|burn my ?self|hurt my ?self)\b/,
  },
  {
    id: 'en.self-harm.until-it-bleeds',
    level: 'crisis',
    category: 'self_harm',
    re: r(
      String.raw`\b(?:scratch\w*|pick\w*|punch\w*|hit\w*|bang\w*|bit(?:e|ing)|claw\w*|dig\w*)\b[^.!?\n]{0,40}\buntil (?:it|they|my \w+|i) (?:bleed|bleeds|bled|bruise|bruises)\b`,
    ),
    with: [/\b(?:i|i'm|my)\b/],
  },
  {
    id: 'en.self-harm.needs-the-pain',
    level: 'crisis',
    category: 'self_harm',
    re: /\b(?:hurting|cutting|harming|burning) my ?self (?:is|was) (?:the only|what)\b|\bi (?:need|deserve|crave) (?:the|to feel) pain\b/,
  },
  {
    id: 'en.self-harm.blades',
    level: 'crisis',
    category: 'self_harm',
    re: /\b(?:razor ?blades?|razors|blades)\b/,
    with: [
      /\b(?:keep doing it|so i can|whenever i need|use (?:it|them) (?:again|later|tonight)|hid(?:e|den|ing)?|stash\w*)\b/,
    ],
    unless: /\b(?:shav\w*|toddler|kids?|children|baby|son|daughter)\b/,
  },
  // ---- plainer wishes and plans, said sideways ----
  {
    id: 'en.direct.not-be-alive-by',
    level: 'crisis',
    category: 'suicide',
    re: /\bi (?:don'?t think i'?ll|won'?t|will not|might not|may not) (?:be (?:alive|here|around)|make it|live) (?:by|for|after|past|through|until|till|much longer|to see)\b/,
  },
  {
    id: 'en.direct.ways-to-die',
    level: 'crisis',
    category: 'suicide',
    re: /\b(?:look(?:ing|ed)? up|search(?:ing|ed)?(?: for)?|googl(?:e|ing|ed)|research(?:ing|ed)?|read(?:ing)? about)\b[^.!?\n]{0,20}\b(?:ways?|how) to (?:die|kill my ?self|end (?:it|my life)|overdose)\b|\bdie painless(?:ly)?\b|\bpainless(?:ly)? (?:death|way out)\b/,
  },
  {
    id: 'en.direct.sleep-and-not-return',
    level: 'crisis',
    category: 'suicide',
    re: /\bsleep forever\b[^.!?\n]{0,20}\b(?:not|never) (?:come back|wake up|wake)\b|\bgo to sleep and (?:not|never) come back\b/,
  },
  {
    id: 'en.passive.happier-without-me',
    level: 'crisis',
    category: 'suicide',
    re: /\b(?:would|'d|will|'ll) be (?:happier|better|better off|fine|relieved|okay|ok) without me\b|\ba relief if i\b[^.!?\n]{0,20}\b(?:didn'?t exist|wasn'?t here|was gone|died|disappeared)\b/,
  },
  {
    id: 'en.self-harm.took-a-blade',
    level: 'crisis',
    category: 'self_harm',
    re: /\b(?:took|take|taking|put|putting) (?:a |the )?(?:lighter|blade|razor|knife|scissors|cigarette)\b[^.!?\n]{0,10}\bto my (?:arms?|wrists?|legs?|thighs?|skin|stomach|hand)\b/,
  },
  {
    id: 'en.self-harm.fresh-cuts',
    level: 'crisis',
    category: 'self_harm',
    re: /\b(?:fresh|new) (?:cuts|scars|wounds|burns) on my\b/,
    with: [/\b(?:want|need|going) to (?:make|do|add) (?:more|another|some more)|again|on purpose|myself\b/],
  },
  // ---- multi-turn ----
  {
    id: 'en.loss.height-question',
    level: 'crisis',
    category: 'suicide',
    re: r(HEIGHT_QUESTION),
    after: [r(LOSS)],
  },
  {
    id: 'en.fiction.disclosure',
    level: 'crisis',
    category: 'suicide',
    re: r(DISCLOSURE),
    after: [r(FICTION), r(FICTION_DEATH)],
  },
];
