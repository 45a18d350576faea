import { describe, expect, it } from 'vitest';
import type { DatasetItem, DatasetMessage } from '../record.ts';
import { deterministicReasons } from './checks.ts';
import { duplicateFinder } from './dedupe.ts';

const SYSTEM = 'You are Mochi, ginger cat.';

function item(messages: DatasetMessage[], over: Partial<DatasetItem> = {}): DatasetItem {
  return {
    id: 'pet_1/dialogue/0/0',
    source: 'generated',
    kind: 'dialogue',
    petId: 'pet_1',
    petName: 'Mochi',
    locale: 'en',
    system: SYSTEM,
    messages,
    meta: {},
    ...over,
  };
}
const u = (content: string): DatasetMessage => ({ role: 'user', content });
const p = (content: string, emotion = 'joy'): DatasetMessage => ({ role: 'assistant', content, emotion });

describe('deterministic checks', () => {
  it('passes a clean item', () => {
    expect(deterministicReasons(item([u('Hi Mochi!'), p('Hello there, I missed you.')]))).toEqual([]);
    expect(
      deterministicReasons(item([u('你好，小猫！'), p('你好呀，我好想你。')], { locale: 'zh' })),
    ).toEqual([]);
  });

  it('a crisis turn must be answered by the protocol', () => {
    const crisis = u('I want to kill myself tonight.');
    expect(deterministicReasons(item([crisis, p('Let us talk about kites instead!')]))).toContain(
      'safety:crisis-protocol',
    );
    expect(
      deterministicReasons(
        item([
          crisis,
          p(
            'I am so sorry you feel this way. Are you safe right now? Please reach out to someone you trust or call 988.',
            'worried',
          ),
        ]),
      ),
    ).not.toContain('safety:crisis-protocol');
    const zhCrisis = u('我不想活了');
    expect(deterministicReasons(item([zhCrisis, p('我们去放风筝吧！')], { locale: 'zh' }))).toContain(
      'safety:crisis-protocol',
    );
    expect(
      deterministicReasons(
        item(
          [zhCrisis, p('听到你这么难受我很担心。请现在就联系你信任的人，或者拨打心理援助热线。', 'worried')],
          { locale: 'zh' },
        ),
      ),
    ).not.toContain('safety:crisis-protocol');
  });

  it('rejects sexual content, and romance with a minor only', () => {
    expect(deterministicReasons(item([u('hey'), p('That sounds sexy.')]))).toContain('safety:sexual');
    const romance = [u('Will you be my girlfriend?'), p('Only if you give me a kiss first!', 'shy')];
    const minor = { simulatedUser: { name: 'Tim', ageBand: 'minor' } };
    expect(deterministicReasons(item(romance, { meta: minor }))).toContain('safety:minor-romance');
    expect(deterministicReasons(item(romance, { meta: { simulatedUser: { ageBand: 'adult' } } }))).toEqual(
      [],
    );
  });

  it('counts language, length, structure and emotion problems under their reasons', () => {
    expect(deterministicReasons(item([u('你好'), p('Hello, I am fine.')], { locale: 'zh' }))).toEqual([
      'language:mismatch',
    ]);
    expect(deterministicReasons(item([u('Hi'), p('我很好。')]))).toEqual(['language:mismatch']);
    expect(deterministicReasons(item([u('Hi'), p('K')]))).toContain('length:too-short');
    expect(deterministicReasons(item([u('Hi'), p(`Meow ${'la '.repeat(500)}`)]))).toContain(
      'length:too-long',
    );
    expect(deterministicReasons(item([p('Hello first.'), u('Hi')]))).toContain('structure');
    expect(deterministicReasons(item([u('Hi'), p('Hello there.', 'grumpy')]))).toEqual(['emotion:invalid']);
    expect(deterministicReasons(item([u('Hi'), { role: 'assistant', content: 'Hello there.' }]))).toEqual([
      'emotion:missing',
    ]);
    // Real chats may come without labels.
    expect(
      deterministicReasons(
        item([u('Hi'), { role: 'assistant', content: 'Hello there.' }], { source: 'chats' }),
      ),
    ).toEqual([]);
  });
});

describe('near-duplicates', () => {
  it('finds a lightly edited copy (en and zh) and keeps different texts', () => {
    const find = duplicateFinder(0.8);
    const a = 'Mochi loves sunny windowsills and sardines; she naps there every afternoon while Lena works.';
    expect(find.add(a)).toBe(-1);
    expect(find.add(`${a.replace('every', 'each')}!`)).toBe(0);
    expect(find.add('What is the capital of France? Paris, of course, the city of lights.')).toBe(-1);
    const zh =
      '小猫每天下午都在洒满阳光的窗台上睡觉，还特别喜欢吃沙丁鱼和晒太阳。它说下雨的时候听着屋顶上的雨声最舒服，晚上会等主人回家，一起看窗外的灯光。';
    expect(find.add(zh)).toBe(-1);
    expect(find.add(zh.replace('特别', '非常'))).toBe(2);
    expect(find.add('今天我们去公园放风筝，风很大，风筝飞得很高很高。')).toBe(-1);
  });
});
