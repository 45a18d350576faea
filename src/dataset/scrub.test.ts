import { describe, expect, it } from 'vitest';
import { findNames, scrubConversation, scrubText } from './scrub.ts';

const scrub = (text: string, names: string[] = []) => scrubText(text, { names }).text;

describe('scrubText', () => {
  it.each([
    ['write to ada.l@example.co.uk please', 'write to [EMAIL] please'],
    ['邮箱是 wang_xm+pets@qq.com。', '邮箱是 [EMAIL]。'],
    ['Mail FIRST.LAST@Mail.Example.ORG now', 'Mail [EMAIL] now'],
  ])('replaces e-mail addresses: %s', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it.each([
    ['call me on +44 20 7946 0018 tonight', 'call me on [PHONE] tonight'],
    ['my cell is +1 (415) 555-2671', 'my cell is [PHONE]'],
    ['ring 415-555-2671 or (415) 555 2671', 'ring [PHONE] or [PHONE]'],
    ['UK mobile 07700 900123 ok', 'UK mobile [PHONE] ok'],
    ['我的手机号是13812345678，记得打', '我的手机号是[PHONE]，记得打'],
    ['电话 +86 138-1234-5678', '电话 [PHONE]'],
    ['打 0086 13912345678 或 138 1234 5678', '打 [PHONE] 或 [PHONE]'],
    ['座机010-62345678', '座机[PHONE]'],
  ])('replaces phone numbers: %s', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it.each([
    ['I live at 221B Baker Street, London', 'I live at [ADDRESS], London'],
    ['send it to 1600 Pennsylvania Avenue', 'send it to [ADDRESS]'],
    ['we moved to 42 Maple Dr. Apt 3B last week', 'we moved to [ADDRESS] last week'],
    ['我住在北京市朝阳区建国路88号', '我住在[ADDRESS]'],
    ['地址：浙江省杭州市西湖区文三路100号3栋201室，谢谢', '地址：[ADDRESS]，谢谢'],
    ['家在上海市浦东新区。', '家在[ADDRESS]。'],
    ['寄到南京路5号就行', '寄到[ADDRESS]就行'],
  ])('replaces street and Chinese addresses: %s', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it.each([
    ['身份证号110101199003078515', '身份证号[ID]'],
    ['id 11010119900307851X.', 'id [ID].'],
    ['session 3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f is mine', 'session [ID] is mine'],
    ['card 4111 1111 1111 1111', 'card [ID]'],
    ['SSN 123-45-6789', 'SSN [ID]'],
    ['order number 987654321', 'order number [ID]'],
    ['护照E12345678', '护照[ID]'],
  ])('replaces id numbers: %s', (text, expected) => {
    expect(scrub(text)).toBe(expected);
  });

  it('replaces the profile names and names the text introduces, not the pet or ordinary words', () => {
    expect(scrub('Hi, I am Lena, but everyone says Lenny.', ['Lena', 'Lenny'])).toBe(
      'Hi, I am [NAME], but everyone says [NAME].',
    );
    expect(scrub('My name is Ada Lovelace and my friend is Mr. Babbage')).toBe(
      'My name is [NAME] and my friend is Mr. [NAME]',
    );
    expect(scrub('我叫王小明，你可以叫我小明。')).toBe('我叫[NAME]，你可以叫我[NAME]。');
    // "Will" the user's name is replaced, "will" the verb is not.
    expect(scrub('Will says he will come', ['Will'])).toBe('[NAME] says he will come');
    expect(scrubText('Mochi, I am Ada', { names: ['Mochi'], keep: ['Mochi'] }).text).toBe(
      'Mochi, I am [NAME]',
    );
  });

  it('leaves ordinary text, short numbers, times, dates and prices alone', () => {
    const text =
      "I'm tired. I'm Happy today! At 7:30 on 2024-05-01 I paid 12.50 for 3 apples; 第2天, 100元, 5楼。";
    expect(scrub(text)).toBe(text);
    expect(scrub('我在上海工作，喜欢去北京玩')).toBe('我在上海工作，喜欢去北京玩');
  });

  it('counts what it replaced, by kind', () => {
    const { counts } = scrubText('a@b.io and c@d.io, 13812345678, I am Ada, 110101199003078515', {});
    expect(counts).toEqual({ email: 2, phone: 1, address: 0, id: 1, name: 1 });
  });
});

describe('scrubConversation', () => {
  it('replaces a name introduced in a later turn in the earlier turns too', () => {
    const { texts, counts } = scrubConversation(['Hey Sam, guess what', 'ok', 'Call me Sam from now on']);
    expect(texts).toEqual(['Hey [NAME], guess what', 'ok', 'Call me [NAME] from now on']);
    expect(counts.name).toBe(2);
  });
});

describe('findNames', () => {
  it('finds introduced names in both languages and skips non-names', () => {
    expect(findNames("Hi! I'm Grace. Call me Gracie.")).toEqual(['Grace', 'Gracie']);
    expect(findNames("I'm Sorry, I'm Busy")).toEqual([]);
    expect(findNames('我的名字是李雷，叫我雷雷吧')).toEqual(['李雷', '雷雷']);
  });
});
