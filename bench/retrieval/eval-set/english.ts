import type { FactType, GroupType, Language } from './types.ts';

const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);

const facts: FactType[] = [
  {
    id: 'pottery',
    slots: { item: ['bowl', 'mug', 'vase', 'teapot'], flaw: ['lopsided', 'cracked', 'tiny', 'bright green'] },
    say: [
      'I finally signed up for that pottery class downtown, and my first {item} came out of the kiln {flaw}!',
      'Guess what, I made a {item} at my pottery workshop. It came out {flaw}, but I love it.',
    ],
    ask: ['What did {A} make in the pottery course?', 'How did the first thing {A} made from clay turn out?'],
    answer: 'a {flaw} {item}',
    when: ['When did {A} start taking a ceramics class?'],
    infer: ['Would {A} enjoy a gift card for an arts and crafts studio?'],
    inferAnswer: 'likely yes, {A} took up pottery',
    later: [
      'Are you still going to the pottery class?',
      'Pottery was fun this week, my hands were covered in clay again.',
      'My teacher says I should try the wheel next month.',
    ],
  },
  {
    id: 'dog',
    slots: {
      item: ['Biscuit', 'Pepper', 'Maple', 'Rocket', 'Ziggy'],
      breed: ['beagle', 'border collie', 'corgi', 'greyhound'],
    },
    say: [
      'We adopted a {breed} from the shelter last weekend, we named him {item}.',
      'Meet {item}! He is a rescue {breed} and he already chewed my slippers.',
    ],
    ask: ['What is the name of the puppy {A} took home from the shelter?', "What breed is {A}'s new pet?"],
    answer: '{item}, a {breed}',
    when: ['When did {A} get the rescue puppy?'],
    later: [
      'How is the puppy settling in?',
      'The dog woke me up at five again, I need more coffee.',
      'We went to the park with the dog and he refused to walk back.',
    ],
    group: 'pet',
  },
  {
    id: 'cat',
    slots: {
      item: ['Miso', 'Luna', 'Oliver', 'Tofu'],
      habit: ['sleeps in the sink', 'steals socks', 'hates the vacuum'],
    },
    say: [
      'Our cat {item} {habit}, it is the funniest thing.',
      'I have to tell you about {item}, our cat. She {habit} every single day.',
    ],
    ask: ["What odd habit does {A}'s cat have?", 'What is the name of the feline {A} lives with?'],
    answer: '{item}, who {habit}',
    later: [
      'Does your cat still do that weird thing?',
      'The cat knocked a glass off the table this morning.',
    ],
    group: 'pet',
  },
  {
    id: 'marathon',
    slots: {
      item: ['Chicago', 'Berlin', 'Boston', 'Lisbon'],
      time: ['four hours', 'three hours and fifty minutes', 'just under five hours'],
    },
    say: [
      'I finished the {item} marathon in {time}! My legs are still shaking.',
      'I ran the {item} marathon, {time}, and I did not stop once.',
    ],
    ask: [
      'How long did it take {A} to complete the marathon?',
      'Which city hosted the long-distance run {A} completed?',
    ],
    answer: '{item}, in {time}',
    when: ['When did {A} run the marathon?'],
    later: [
      'Are you training for another race?',
      'I went for a short run today, nothing crazy.',
      'My knee hurts after running, I should stretch more.',
    ],
    group: 'trip',
  },
  {
    id: 'job',
    slots: {
      item: ['a bakery', 'a law firm', 'an animal hospital', 'a game studio', 'a bookshop'],
      role: ['a manager', 'an assistant', 'a designer', 'an accountant'],
    },
    say: [
      'I got the job! I start next month as {role} at {item}.',
      'Big news, I accepted an offer to work as {role} at {item}.',
    ],
    ask: [
      'Where is {A} going to be employed after getting the offer?',
      'What position did {A} get hired for?',
    ],
    answer: '{role} at {item}',
    when: ['When did {A} accept the new position?'],
    later: [
      'How is the new job going?',
      'Work has been busy this week, so many meetings.',
      'My boss asked me to stay late again.',
    ],
  },
  {
    id: 'allergy',
    slots: {
      item: ['peanuts', 'shellfish', 'cats', 'pollen'],
      place: ['a wedding', 'a restaurant', 'the office party'],
    },
    say: [
      'I had a scary reaction at {place}, turns out I am allergic to {item}.',
      'The doctor confirmed it, I am allergic to {item}. It happened at {place}.',
    ],
    ask: ['What is {A} allergic to?', 'What did the doctor find out was causing {A} to get sick?'],
    answer: '{item}',
    infer: ['Should {A} be careful about what food is served at parties?'],
    inferAnswer: 'yes, {A} is allergic to {item}',
    later: [
      'Are you feeling better after the doctor visit?',
      'I always read the labels now when I buy food.',
    ],
  },
  {
    id: 'trip',
    slots: {
      item: ['Kyoto', 'Reykjavik', 'Marrakesh', 'Vancouver', 'Prague', 'Cusco'],
      sight: ['temples', 'hot springs', 'markets', 'mountains', 'old bridges'],
    },
    say: [
      'We just got back from {item}, the {sight} were unreal.',
      'I spent a week in {item}. I could have looked at the {sight} forever.',
    ],
    ask: ['Where did {A} go on vacation?', 'Which destination with famous {sight} did {A} visit?'],
    answer: '{item}',
    when: ['When did {A} travel abroad to see the {sight}?'],
    later: [
      'I still have jet lag from the trip.',
      'I am already dreaming about the next holiday.',
      'Did you bring back any souvenirs?',
    ],
    group: 'trip',
  },
  {
    id: 'instrument',
    slots: {
      item: ['violin', 'cello', 'ukulele', 'saxophone', 'drums'],
      teacher: ['my neighbour', 'an online course', 'a retired jazz player'],
    },
    say: [
      'I started learning the {item}, {teacher} is teaching me.',
      'So I bought a {item}! Lessons with {teacher} on Thursdays.',
    ],
    ask: ['Which musical instrument is {A} practising?', 'Who gives {A} music lessons?'],
    answer: 'the {item}, taught by {teacher}',
    infer: ['Would {A} like tickets to a concert?'],
    inferAnswer: 'probably, {A} is learning the {item}',
    later: [
      'How are the music lessons going?',
      'My neighbours must hate me, I practise every evening.',
      'I can almost play a whole song now.',
    ],
    group: 'hobby',
  },
  {
    id: 'garden',
    slots: {
      item: ['tomatoes', 'strawberries', 'chillies', 'basil'],
      place: ['the balcony', 'a community plot', 'the backyard'],
    },
    say: [
      'I am growing {item} on {place} this year, the first ones are almost ripe.',
      'My {item} on {place} finally came up!',
    ],
    ask: ['What vegetables or fruit does {A} cultivate?', 'Where is {A} growing the plants?'],
    answer: '{item} on {place}',
    later: ['The garden needs so much water in this heat.', 'Something keeps eating my plants.'],
    group: 'hobby',
  },
  {
    id: 'book',
    slots: {
      item: ['a mystery novel', "a children's book", 'a memoir', 'a fantasy trilogy'],
      pages: ['two hundred pages', 'ten chapters', 'the first draft'],
    },
    say: [
      'I have been writing {item} in the evenings, {pages} done so far.',
      'Do not laugh, but I am writing {item}. I have {pages}.',
    ],
    ask: ['What is {A} writing in the evenings?', 'How far along is {A} with the manuscript?'],
    answer: '{item}, {pages}',
    later: [
      "Writer's block is real, I wrote nothing this week.",
      'Can I read a chapter of your book sometime?',
    ],
    group: 'hobby',
  },
  {
    id: 'move',
    slots: {
      item: ['Denver', 'Seattle', 'Austin', 'Toronto', 'Dublin'],
      reason: ['to be closer to my parents', "for my partner's job", 'because rent here is crazy'],
    },
    say: [
      'We are moving to {item} in the spring, {reason}.',
      'It is official, we are relocating to {item} {reason}.',
    ],
    ask: ['Which city is {A} relocating to?', 'Why is {A} changing cities?'],
    answer: '{item}, {reason}',
    when: ['When did {A} decide to move?'],
    later: ['Packing boxes everywhere, I hate moving.', 'Have you found an apartment yet?'],
  },
  {
    id: 'injury',
    slots: {
      item: ['wrist', 'ankle', 'collarbone', 'finger'],
      how: ['skateboarding', 'falling off a ladder', 'playing football', 'on an icy sidewalk'],
    },
    say: [
      'I broke my {item} {how}, so I am in a cast for six weeks.',
      'Ugh, broken {item}. It happened {how}.',
    ],
    ask: ['Which bone did {A} fracture?', 'Why is {A} wearing a cast?'],
    answer: 'the {item}, {how}',
    when: ['When did {A} get injured?'],
    later: ['How is the cast? Does it itch?', 'Physical therapy is slow but it is getting better.'],
  },
  {
    id: 'recipe',
    slots: {
      item: ['lasagna', 'ramen', 'banana bread', 'paella', 'dumplings'],
      secret: ['a pinch of cinnamon', 'miso paste', 'brown butter', 'smoked paprika'],
    },
    say: [
      'My {item} won the family cook-off, the secret is {secret}.',
      'I made {item} for everyone and the trick was {secret}.',
    ],
    ask: ['What dish did {A} cook that everyone loved?', "What is the secret of {A}'s cook-off dish?"],
    answer: '{item} with {secret}',
    later: ['I tried a new recipe and burned it completely.', 'We ordered takeout again, no energy to cook.'],
    group: 'food',
  },
  {
    id: 'volunteer',
    slots: {
      item: ['an animal shelter', 'a food bank', 'a literacy programme', 'a hospice'],
      day: ['Saturdays', 'Wednesday evenings', 'every other Sunday'],
    },
    say: ['I started volunteering at {item} on {day}.', 'I help out at {item} now, {day}. It feels good.'],
    ask: ['Where does {A} do charity work?', 'On which days does {A} help the community?'],
    answer: '{item}, {day}',
    infer: ['Does {A} care about helping others?'],
    inferAnswer: 'yes, {A} volunteers at {item}',
    later: ['Volunteering was tiring but worth it.', 'We need more people to help on weekends.'],
  },
  {
    id: 'exam',
    slots: {
      item: ['nursing licence exam', 'bar exam', 'driving test', 'CPA exam', 'Japanese proficiency test'],
      score: ['on the first try', 'on the third attempt', 'with a perfect score'],
    },
    say: ['I passed the {item} {score}!', 'Results came in, I passed my {item}, {score}.'],
    ask: [
      'Which test did {A} get through?',
      'How many tries did it take {A} to succeed on the certification?',
    ],
    answer: 'the {item}, {score}',
    when: ['When did {A} pass the test?'],
    later: ['So much studying, I need a break.', 'I keep dreaming about exams, it is awful.'],
  },
  {
    id: 'birthday',
    slots: {
      item: ['a surprise party', 'a hot-air balloon ride', 'a karaoke night', 'a picnic at the lake'],
      age: ['thirty', 'forty', 'twenty-five'],
    },
    say: [
      'For my {age}th birthday my friends threw {item}!',
      'I turned {age} and they organised {item} for me.',
    ],
    ask: ['How did {A} celebrate turning {age}?', "What did friends plan for {A}'s special day?"],
    answer: '{item}',
    when: ["When was {A}'s birthday celebration?"],
    later: ['Thanks again for the birthday message!', 'I am getting old, my back hurts.'],
  },
  {
    id: 'fear',
    slots: {
      item: ['thunderstorms', 'deep water', 'heights', 'spiders'],
      story: ['since a camping trip as a kid', 'after a bad dream', 'ever since the accident'],
    },
    say: ['Honestly I am terrified of {item}, {story}.', 'I never told anyone, but {item} scare me {story}.'],
    ask: ['What is {A} terrified of?', 'What phobia did {A} confess to?'],
    answer: '{item}',
    infer: ['Would {A} enjoy a scuba diving or climbing trip?'],
    inferAnswer: 'probably not, {A} fears {item}',
    later: ['The weather was wild last night.', 'I tried to face my fears this week, it did not go well.'],
  },
  {
    id: 'car',
    slots: {
      item: ['an old red Volvo', 'a used electric hatchback', 'a camper van', 'a vintage Beetle'],
      price: ['three thousand dollars', 'a bargain', 'way too much'],
    },
    say: ['I bought {item}, paid {price} for it.', 'New wheels: {item}. It cost {price}.'],
    ask: ['What vehicle did {A} purchase?', 'How much did the car {A} bought cost?'],
    answer: '{item}, {price}',
    when: ['When did {A} buy the vehicle?'],
    later: ['The car made a strange noise on the highway.', 'Parking downtown is impossible.'],
  },
  {
    id: 'sibling',
    slots: {
      item: ['sister', 'brother', 'cousin'],
      news: ['is getting married in June', 'had a baby girl', 'moved to Australia', 'opened a cafe'],
    },
    say: ['My {item} {news}!', 'Family news: my {item} {news}.'],
    ask: ["What happened with {A}'s relative recently?", 'Which family member of {A} has big news?'],
    answer: 'the {item} {news}',
    later: ['Family dinners are chaotic lately.', 'I called my parents today, they say hi.'],
  },
  {
    id: 'painting',
    slots: {
      item: ['watercolour landscapes', 'portraits of my friends', 'abstract oil paintings', 'murals'],
      where: ['a small gallery', 'the library lobby', 'a cafe downtown'],
    },
    say: [
      'I have been painting {item}, and {where} wants to show three of them!',
      'My {item} are going to be exhibited at {where}.',
    ],
    ask: ['What kind of art does {A} create?', "Where will {A}'s paintings be exhibited?"],
    answer: '{item} at {where}',
    later: ['I bought new brushes, they are so expensive.', 'Art keeps me calm after work.'],
    group: 'hobby',
  },
  {
    id: 'game',
    slots: {
      item: ['chess', 'board games', 'Dungeons and Dragons', 'poker'],
      group: ['my coworkers', 'some neighbours', 'old college friends'],
    },
    say: ['I play {item} with {group} every Friday now.', 'Friday night is {item} night with {group}.'],
    ask: ['What does {A} do at the weekly game night?', 'Who does {A} meet for the Friday evenings?'],
    answer: '{item} with {group}',
    later: ['I lost badly on Friday, again.', 'We should play something together sometime.'],
    group: 'hobby',
  },
  {
    id: 'restaurant',
    slots: {
      'item+dish': ['Ethiopian|injera', 'Peruvian|ceviche', 'Korean barbecue|bulgogi', 'Georgian|khachapuri'],
    },
    say: [
      'Found a new {item} place near work, the {dish} is incredible.',
      'You have to try the {dish} at the {item} spot I found.',
    ],
    ask: [
      'What cuisine does {A} recommend after finding a new eatery?',
      'Which dish did {A} rave about at the new place?',
    ],
    answer: '{item}, the {dish}',
    later: ['I ate way too much last night.', 'Lunch today was a sad sandwich.'],
    group: 'food',
  },
  {
    id: 'course',
    slots: {
      item: [
        'a data science bootcamp',
        'an evening Spanish class',
        'an online photography course',
        'a carpentry course',
      ],
      length: ['twelve weeks', 'six months', 'a whole year'],
    },
    say: ['I enrolled in {item}, it lasts {length}.', 'Back to school! {item}, {length} long.'],
    ask: ['What is {A} studying in their spare time?', 'How long is the programme {A} signed up for?'],
    answer: '{item}, {length}',
    when: ['When did {A} enrol in the programme?'],
    later: ['Homework again tonight, so tired.', 'The class is harder than I expected.'],
  },
  {
    id: 'wedding',
    slots: {
      item: ['a vineyard', 'a beach in Portugal', "my grandmother's garden", 'an old barn'],
      month: ['September', 'May', 'October'],
    },
    say: [
      'We set a date! The wedding will be at {item} in {month}.',
      'Wedding plans: {item}, {month}. I am so nervous.',
    ],
    ask: ['Where will {A} get married?', "Where is {A}'s wedding going to be?"],
    answer: '{item} in {month}',
    when: ['When did {A} announce the wedding plans?'],
    later: ['Wedding planning is exhausting.', 'Have you picked the music yet?'],
  },
];

const groups: GroupType[] = [
  { id: 'trip', ask: ['Which places has {A} travelled to?', 'Name the cities {A} went to.'] },
  {
    id: 'hobby',
    ask: ['What pastimes has {A} picked up?', 'What creative or leisure activities does {A} do?'],
  },
  { id: 'pet', ask: ['What animals live with {A}?', 'Which pets does {A} have?'] },
  { id: 'food', ask: ['What meals or dishes has {A} talked about?'] },
];

export const english: Language = {
  code: 'en',
  names: [
    'Caroline',
    'Melanie',
    'Jon',
    'Gina',
    'Nate',
    'Joanna',
    'Tim',
    'Maria',
    'Audrey',
    'Andrew',
    'Evan',
    'Deborah',
    'Calvin',
    'Priya',
  ],
  facts,
  groups,
  smallTalk: [
    'Work has been really busy this week.',
    'I am so tired today, I barely slept.',
    'The weather is finally getting better.',
    'What are you doing this weekend?',
    'I watched a movie last night, it was okay.',
    'My phone battery dies so fast now.',
    'I need to clean the apartment, it is a mess.',
    'Did you see the news today?',
    'I had the best coffee this morning.',
    'Traffic was terrible on the way home.',
    'I think I am getting a cold.',
    'We should meet up for lunch soon.',
    'I have been trying to drink more water.',
    'My week was fine, nothing special.',
    'I started a new series on TV, it is addictive.',
    'Time goes so fast lately.',
    'I made pasta for dinner, simple but good.',
    'My parents visited on Sunday.',
    'I went for a walk in the park after work.',
    'Honestly I just want a long holiday.',
    'How is your family doing, {B}?',
    'I spent the whole day doing laundry.',
    'The new neighbours are really friendly.',
    'I forgot my keys at work again.',
  ],
  reactions: [
    'Wow, that is amazing!',
    'No way! Tell me more.',
    'That sounds wonderful, I am happy for you.',
    'Oh no, are you okay?',
    'Ha, that is so you.',
    'I did not expect that at all.',
    'That is great news!',
    'How do you feel about it?',
    'I love that for you.',
    'Wow, I am impressed.',
  ],
  greetings: [
    'Hey {B}! How have you been?',
    'Hi {B}, long time no talk!',
    'Good to hear from you, {B}.',
    'Hey! How was your week?',
  ],
  farewells: ['Talk soon!', 'Take care, bye!', 'I have to run, catch up later.', 'Good night!'],
  dateText(date) {
    const h = date.getUTCHours();
    const hour12 = h % 12 === 0 ? 12 : h % 12;
    const minutes = String(date.getUTCMinutes()).padStart(2, '0');
    return `${hour12}:${minutes} ${h < 12 ? 'am' : 'pm'} on ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}, ${date.getUTCFullYear()}`;
  },
};
