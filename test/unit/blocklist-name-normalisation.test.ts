import { describe, expect, it } from 'vitest';
import { normaliseName } from '../../src/domain/blocklist/name-normalisation.js';
import { isPinyinWord, isVietnameseSyllable } from '../../src/domain/blocklist/syllables.js';
import { canonicalSpelling, tokenForms, vowelSkeleton } from '../../src/domain/blocklist/name-tokens.js';

const tokens = (raw: string, organisation = false) => normaliseName(raw, { organisation });

describe('name normalisation', () => {
  describe('Vietnamese', () => {
    it('folds Đ and đ to d, which Unicode decomposition alone leaves unchanged', () => {
      expect(tokens('Nguyễn Văn Đức')).toEqual(['nguyen', 'van', 'duc']);
      expect(tokens('ĐẶNG VĂN ĐỨC')).toEqual(['dang', 'van', 'duc']);
      expect('Đ'.normalize('NFD')).toBe('Đ');
    });

    it('drops Ông and Bà only when written with their diacritics (Ong and Ba are names)', () => {
      expect(tokens('Ông Nguyễn Văn An')).toEqual(['nguyen', 'van', 'an']);
      expect(tokens('Bà Trần Thị Lan')).toEqual(['tran', 'thi', 'lan']);
      expect(tokens('Ong Beng Seng')).toEqual(['ong', 'beng', 'seng']);
      expect(tokens('Lê Văn Ba')).toEqual(['le', 'van', 'ba']);
    });
  });

  describe('Chinese', () => {
    it('turns each Han character into one tone-less pinyin syllable, family name first as written', () => {
      expect(tokens('王建国')).toEqual(['wang', 'jian', 'guo']);
      expect(tokens('王建國')).toEqual(['wang', 'jian', 'guo']);
      expect(tokens('欧阳娜娜')).toEqual(['ou', 'yang', 'na', 'na']);
    });

    it('reads polyphonic family names as family names (曾 zeng, 单 shan)', () => {
      expect(tokens('曾国藩')).toEqual(['zeng', 'guo', 'fan']);
      expect(tokens('单雄信')).toEqual(['shan', 'xiong', 'xin']);
    });

    it('removes pinyin tone marks and tone digits, a digit closing its syllable', () => {
      expect(tokens('Wáng Jiànguó')).toEqual(['wang', 'jianguo']);
      expect(tokens('Wang2 Jian4guo2')).toEqual(['wang', 'jian', 'guo']);
      expect(tokens('Zhang3 Xue2you3')).toEqual(['zhang', 'xue', 'you']);
    });

    it('splits hyphenated given names and removes Han legal forms', () => {
      expect(tokens('Wang Jian-Guo')).toEqual(['wang', 'jian', 'guo']);
      expect(tokens('北京华信有限公司')).toEqual(['bei', 'jing', 'hua', 'xin']);
    });

    it('recognises pinyin syllables written together and Vietnamese syllables', () => {
      expect(isPinyinWord('jianguo')).toBe(true);
      expect(isPinyinWord('ouyang')).toBe(true);
      expect(isPinyinWord('nguyen')).toBe(false);
      expect(isVietnameseSyllable('nguyen')).toBe(true);
      expect(isVietnameseSyllable('thanh')).toBe(true);
      expect(isVietnameseSyllable('john')).toBe(false);
      expect(isVietnameseSyllable('thahn')).toBe(false);
    });
  });

  describe('Cyrillic', () => {
    it('transliterates to Latin, е and ё as ye/yo at the start of a word and after a vowel', () => {
      expect(tokens('Евгений Викторович Пригожин')).toEqual(['yevgeniy', 'viktorovich', 'prigozhin']);
      expect(tokens('Щербаков Алексей')).toEqual(['shcherbakov', 'aleksey']);
      expect(tokens('Фёдор Смирнов')).toEqual(['fedor', 'smirnov']);
      expect(tokens('Наталья')).toEqual(['natalya']);
    });
  });

  describe('order and punctuation', () => {
    it('reorders LAST, First Middle to First Middle LAST', () => {
      expect(tokens('PRIGOZHIN, Yevgeniy Viktorovich')).toEqual(['yevgeniy', 'viktorovich', 'prigozhin']);
      expect(tokens('NGUYEN, Van An')).toEqual(['van', 'an', 'nguyen']);
      expect(tokens('SMITH, John, Jr.')).toEqual(['john', 'smith']);
    });

    it('keeps a comma before a legal form, and an organisation name, as written', () => {
      expect(tokens('ANGLO-CARIBBEAN CO., LTD.')).toEqual(['anglo', 'caribbean']);
      expect(tokens('MINISTRY OF DEFENCE, ARMED FORCES', true)).toEqual(['ministry', 'of', 'defence', 'armed', 'forces']);
    });

    it('joins apostrophes and folds other punctuation and spacing', () => {
      expect(tokens("O'BRIEN, Patrick")).toEqual(['patrick', 'obrien']);
      expect(tokens('  Nguyễn   Văn\tAn ')).toEqual(['nguyen', 'van', 'an']);
      expect(tokens('ＷＡＮＧ Ｌｉ')).toEqual(['wang', 'li']);
    });
  });

  describe('honorifics and legal forms', () => {
    it('drops titles and ranks at the start', () => {
      expect(tokens('Dr. Nguyễn Văn An')).toEqual(['nguyen', 'van', 'an']);
      expect(tokens('Sheikh Mohammed bin Rashid Al Maktoum')).toEqual(['mohammed', 'bin', 'rashid', 'al', 'maktoum']);
      expect(tokens('Gen. MIN AUNG HLAING')).toEqual(['min', 'aung', 'hlaing']);
      expect(tokens('Hajji Mohammed Naim')).toEqual(['mohammed', 'naim']);
    });

    it('drops company legal forms in several languages and scripts', () => {
      expect(tokens('Công ty TNHH Hoàng Long')).toEqual(['hoang', 'long']);
      expect(tokens('Công ty Cổ phần Phú Mỹ')).toEqual(['phu', 'my']);
      expect(tokens('Công ty TNHH Một Thành Viên Thiên Phú')).toEqual(['thien', 'phu']);
      expect(tokens('ООО «Ромашка»')).toEqual(['romashka']);
      expect(tokens('Acme Trading LLC')).toEqual(['acme', 'trading']);
      expect(tokens('Banco Delta Asia S.A.R.L.')).toEqual(['banco', 'delta', 'asia']);
      expect(tokens('Sunrise Holdings Pte. Ltd.')).toEqual(['sunrise', 'holdings']);
      expect(tokens('SAI GON STAR TRADING CO LTD')).toEqual(['sai', 'gon', 'star', 'trading']);
    });

    it('drops an ambiguous form (SA, AO, Co) only when abbreviated, beside another form, or for an organisation', () => {
      expect(tokens('Nguyen Thi Sa')).toEqual(['nguyen', 'thi', 'sa']);
      expect(tokens('Acme S.A.')).toEqual(['acme']);
      expect(tokens('АО Газпромбанк')).toEqual(['gazprombank']);
      expect(tokens('EASTERN DRAGON HOLDINGS GROUP LTD', true)).toEqual(['eastern', 'dragon', 'holdings']);
      expect(tokens('OIL COMPANY ROSNEFT', true)).toEqual(['oil', 'rosneft']);
    });
  });

  describe('Arabic', () => {
    it('keeps articles and patronymic links as tokens (the matcher ignores them) and unifies عبد', () => {
      expect(tokens('Abd al-Rahman Khalil')).toEqual(['abdul', 'al', 'rahman', 'khalil']);
      expect(tokens('ABDELFATTAH HAMDAN')).toEqual(['abdulfattah', 'hamdan']);
    });

    it('writes al-Din compounds apart (Noureddine = Nour El Din)', () => {
      expect(tokens('Noureddine Bouzid')).toEqual(['nour', 'al', 'din', 'bouzid']);
      expect(tokens('Salahuddin')).toEqual(['salah', 'al', 'din']);
      expect(tokens('Borodin')).toEqual(['borodin']);
    });

    it('gives a joined article its bare form too (Alrashid is also Rashid), when enough is left to be a name', () => {
      expect(tokenForms('alrashid').map((f) => f.text)).toEqual(['alrashid', 'rashid']);
      expect(tokenForms('elshami').map((f) => f.text)).toEqual(['elshami', 'shami']);
      expect(tokenForms('alan').map((f) => f.text)).toEqual(['alan']);
      expect(tokenForms('elmira').map((f) => f.text)).toEqual(['elmira']);
    });
  });

  describe('spelling folds for fuzzy comparison', () => {
    it('folds transliteration variants to one spelling', () => {
      expect(canonicalSpelling('sergey')).toBe(canonicalSpelling('sergei'));
      expect(canonicalSpelling('alexey')).toBe(canonicalSpelling('aleksei'));
      expect(canonicalSpelling('viktor')).toBe(canonicalSpelling('victor'));
      expect(canonicalSpelling('fyodor')).toBe(canonicalSpelling('fedor'));
      expect(canonicalSpelling('dmitriy')).toBe(canonicalSpelling('dmitrii'));
    });

    it('gives Arabic transliterations one vowel skeleton, keeping Hassan apart from Hussein', () => {
      const skeleton = (t: string) => vowelSkeleton(canonicalSpelling(t));
      expect(skeleton('mohammed')).toBe(skeleton('muhammad'));
      expect(skeleton('hussein')).toBe(skeleton('husayn'));
      expect(skeleton('hussein')).toBe(skeleton('hussain'));
      expect(skeleton('hassan')).not.toBe(skeleton('hussein'));
    });
  });
});
