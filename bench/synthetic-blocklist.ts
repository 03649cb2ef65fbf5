/**
 * Seeded synthetic blocklists and screening queries, for the index benchmark and the
 * index-against-full-scan tests. Names come from six traditions (Vietnamese, Chinese
 * pinyin, Russian, Arabic, Spanish, English); family names have a long tail built from
 * syllables, as real lists have many rare names. Entries carry aliases (transliteration
 * variants, reordered or LAST, First forms, typos), dates of birth, IDs and nationalities.
 * Pool names are each about as common as a population's most common names (a few per
 * cent), and three given names in ten are rarer, so common combinations repeat.
 * Queries perturb random entries (typos, dropped or reordered tokens, initials, titles,
 * diacritics, other dates of birth) or are unrelated people.
 */
import type { BlocklistEntry, ScreeningSubject } from '../src/domain/blocklist/entry.js';

/** mulberry32: a small, fast, seeded PRNG (never Math.random, so runs repeat exactly). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number) => random() < p;
const words = (s: string) => s.split(' ');

const pools = {
  vietnamese: {
    family: words('Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Mai Trương Lâm Cao Tô Hà Quách Lương Đoàn Vương'),
    middle: words('Văn Thị Đức Minh Quốc Thanh Hoàng Ngọc Hữu Xuân Kim Công Đình Bảo Gia Thu'),
    given: words('An Bình Cường Dũng Đức Giang Hải Hạnh Hiếu Hoa Hùng Hương Khánh Lan Linh Long Mai Minh Nam Ngọc Phương Quang Sơn Thanh Thảo Trang Tuấn Việt Xuân Yến Thắng Phúc Lộc Trung Hiền Nhung Duyên Tâm Toàn Vinh Khoa Nhân Huy Đạt Tiến Quân Hòa Tùng Kiên'),
    nationality: 'VN',
  },
  chinese: {
    family: words('Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Ouyang Zhuge'),
    middle: [] as string[],
    given: words('Wei Fang Na Min Jing Qiang Lei Jun Yang Yong Jie Tao Ming Chao Xiu Hua Jian Guo Hong Ping Xiaoming Jianguo Jianjun Zhiqiang Xiuying Guiying Haiyan Lihua Dehua Yuming Wenjie Zihan Yuxuan Haoran Yichen Xinyi Jiahao Junjie Shuang Lin'),
    nationality: 'CN',
  },
  russian: {
    family: words('Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov Morozov Volkov Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev Orlov Andreev Makarov Nikitin Zakharov Zaitsev Solovyov Borisov Yakovlev Grigoriev Romanov Vorobyov Sergeev Kuzmin Frolov Titov Belov Medvedev Timchenko Kovalenko Shevchenko Rotenberg'),
    middle: words('Sergeyevich Ivanovich Petrovich Nikolayevich Aleksandrovich Vladimirovich Viktorovich Mikhailovich Andreyevich Yuryevich'),
    given: words('Aleksandr Sergey Dmitriy Andrey Aleksey Maksim Yevgeniy Ivan Mikhail Nikolay Vladimir Oleg Pavel Yuriy Igor Viktor Roman Artem Konstantin Gennadiy Arkadiy Boris Grigoriy Leonid Anatoliy Vadim Ruslan Stanislav Fyodor Pyotr'),
    nationality: 'RU',
  },
  arabic: {
    family: words('Al-Rashid Haddad Khalil Mansour Nasser Saleh Hussein Abbas Farouk Hamdan Khoury Aziz Qasim Karimi Al-Masri Al-Saadi Al-Baghdadi Al-Shami Nasrallah Al-Tikriti Bakr Hamid Darwish Suleiman Al-Janabi Zawahiri Mashal Barakat Jaber Haidar'),
    middle: ['bin Salman', 'bin Rashid', 'Abdul Rahman', 'Abdel Aziz', 'ibn Saleh', 'bin Laden', 'Abu Bakr'],
    given: words('Mohammed Ahmed Ali Omar Yusuf Ibrahim Khalid Hassan Abdullah Mustafa Tariq Samir Walid Nabil Faisal Hamza Karim Mahmoud Saeed Bilal Osama Ayman Fatima Aisha Zahra Mariam Layla Noura Huda'),
    nationality: 'SY',
  },
  spanish: {
    family: words('García Rodríguez Martínez López González Hernández Pérez Sánchez Ramírez Torres Flores Rivera Gómez Díaz Cruz Morales Reyes Gutiérrez Ortiz Ruiz Castillo Jiménez Moreno Romero Álvarez Mendoza Vargas Castro Guzmán Núñez'),
    middle: words('Luis Antonio Carlos José María Manuel Miguel Ángel'),
    given: words('José Juan Luis Carlos Jorge Miguel Pedro Manuel Antonio Francisco Javier Rafael Fernando Alejandro Ricardo Diego María Carmen Ana Rosa Lucía Elena Isabel Patricia Laura Sofía'),
    nationality: 'MX',
  },
  english: {
    family: words('Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Campbell Evans Turner Parker Collins Edwards'),
    middle: words('James John Robert Michael William David Lee Ann Marie Elizabeth'),
    given: words('James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony Mark Steven Paul Andrew Joshua Kevin Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen'),
    nationality: 'US',
  },
} as const;
type Tradition = keyof typeof pools;
const traditions = Object.keys(pools) as Tradition[];

/** A rare family name from syllables, in the style of the tradition: the long tail of real lists. */
function rareFamilyName(random: Random, tradition: Tradition): string {
  const syl = words('ka ra mi lo ve sa to na ri de ba go zu ha le mo ni pa ta vi ko ru se da');
  const stem = Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(random, syl)).join('');
  const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  switch (tradition) {
    case 'russian':
      return cap(stem + pick(random, ['ov', 'ev', 'in', 'sky', 'enko', 'chuk']));
    case 'arabic':
      return `${chance(random, 0.4) ? 'Al-' : ''}${cap(stem + pick(random, ['i', 'an', 'oun', 'ah']))}`;
    case 'spanish':
      return cap(stem + pick(random, ['ez', 'es', 'ado', 'ero']));
    case 'english':
      return cap(stem + pick(random, ['son', 'ton', 'ley', 'er', 'ford']));
    default:
      return pick(random, pools[tradition].family);
  }
}

interface PersonName {
  tradition: Tradition;
  family: string;
  given: string[];
  middle: string | null;
}


/** A rarer given name from syllables; Vietnamese given names stay in their pool, which is how that tradition works. */
function rareGivenName(random: Random, tradition: Tradition): string {
  const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  switch (tradition) {
    case 'vietnamese':
      return pick(random, pools.vietnamese.given);
    case 'chinese':
      return cap(pick(random, words('xiao jian zhi wen hai yu jia hao yi zi li jun')) + pick(random, words('ming hua qiang ying lin yang feng bo tao xin ning peng')));
    default:
      return cap(pick(random, words('al ma ra se vi na lo da ka ti ro be')) + pick(random, words('dim rina lan var mir sela tor nik des ren ko')));
  }
}

function personName(random: Random, tradition: Tradition): PersonName {
  const pool = pools[tradition];
  const family = chance(random, 0.5) ? pick(random, pool.family) : rareFamilyName(random, tradition);
  const middle = pool.middle.length > 0 && chance(random, 0.5) ? pick(random, pool.middle) : null;
  const given = [chance(random, 0.7) ? pick(random, pool.given) : rareGivenName(random, tradition)];
  if (tradition === 'spanish' && chance(random, 0.5)) given.push(pick(random, pool.family)); // second surname
  return { tradition, family, given, middle };
}

/** The name as its tradition writes it: family first for Vietnamese and Chinese. */
function written(name: PersonName, order: 'native' | 'western' | 'comma' = 'native'): string {
  const { tradition, family, given, middle } = name;
  const rest = [...(middle ? [middle] : []), ...(tradition === 'spanish' ? [given[0]!] : given)];
  const spanishTail = tradition === 'spanish' ? given.slice(1) : [];
  const familyFirst = tradition === 'vietnamese' || tradition === 'chinese';
  if (order === 'comma') return `${[family, ...spanishTail].join(' ').toUpperCase()}, ${rest.join(' ')}`;
  if (order === 'western' || !familyFirst) {
    const first = tradition === 'spanish' ? [given[0]!, ...(middle ? [middle] : [])] : familyFirst ? [...given, ...(middle ? [middle] : [])] : [given[0]!, ...(middle ? [middle] : [])];
    return [...first, family, ...spanishTail].join(' ');
  }
  return [family, ...rest].join(' ');
}

const stripAccents = (s: string) => s.replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D')).normalize('NFD').replace(/\p{M}/gu, '');

/** One typing slip in a long token: substitution, transposition, insertion or deletion. */
function typo(random: Random, text: string): string {
  const tokens = text.split(' ');
  const long = tokens.map((t, i) => [t, i] as const).filter(([t]) => t.length >= 6);
  if (long.length === 0) return text;
  const [token, at] = pick(random, long);
  const p = 1 + Math.floor(random() * (token.length - 2));
  const letter = pick(random, [...'aeiourstnl']);
  const edits = [
    () => token.slice(0, p) + letter + token.slice(p + 1),
    () => token.slice(0, p) + token[p + 1]! + token[p]! + token.slice(p + 2),
    () => token.slice(0, p) + letter + token.slice(p),
    () => token.slice(0, p) + token.slice(p + 1),
  ];
  tokens[at] = pick(random, edits)();
  return tokens.join(' ');
}

function dateOfBirth(random: Random): string {
  const year = 1940 + Math.floor(random() * 65);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function identifier(random: Random): string {
  return String(Math.floor(random() * 1e12)).padStart(12, '0');
}

/** `count` entries, about one in six a company; reproducible for a given seed. */
export function syntheticEntries(count: number, seed: number): BlocklistEntry[] {
  const random = seededRandom(seed);
  const out: BlocklistEntry[] = [];
  for (let k = 0; k < count; k++) {
    const tradition = pick(random, traditions);
    if (chance(random, 0.08)) {
      const base = `${pick(random, pools[tradition].family)} ${rareFamilyName(random, 'english')}`;
      const form = pick(random, ['Trading LLC', 'Co., Ltd.', 'JSC', 'Holdings Limited', 'Shipping Inc.', 'S.A.']);
      out.push({
        externalId: `s${k}`,
        fullName: stripAccents(`${base} ${form}`).toUpperCase(),
        aliases: chance(random, 0.3) ? [`${base} Group`] : [],
        datesOfBirth: [],
        identifiers: chance(random, 0.5) ? [{ type: 'tax_id', number: identifier(random) }] : [],
        nationalities: [],
        entityType: 'company',
      });
      continue;
    }
    const name = personName(random, tradition);
    const aliases: string[] = [];
    if (chance(random, 0.5)) aliases.push(written(name, 'comma'));
    if (chance(random, 0.3)) aliases.push(typo(random, stripAccents(written(name, 'western'))));
    if (chance(random, 0.2)) aliases.push(written(personName(random, tradition)));
    const dob = dateOfBirth(random);
    out.push({
      externalId: `s${k}`,
      fullName: chance(random, 0.5) ? stripAccents(written(name)).toUpperCase() : written(name),
      aliases,
      datesOfBirth: chance(random, 0.7) ? [chance(random, 0.3) ? dob.slice(0, 4) : dob] : [],
      identifiers: chance(random, 0.4) ? [{ type: 'national_id', number: identifier(random), country: pools[tradition].nationality }] : [],
      nationalities: chance(random, 0.6) ? [pools[tradition].nationality] : [],
      entityType: 'person',
    });
  }
  return out;
}

/** A perturbed form of a listed name: what an applicant who is (or resembles) that person writes. */
function perturb(random: Random, name: string): string {
  let tokens = name.split(/[\s,]+/).filter(Boolean);
  const op = Math.floor(random() * 8);
  if (op === 0 && tokens.length > 2) tokens.splice(1, 1); // drop a middle token
  else if (op === 1) tokens.reverse();
  else if (op === 2) return typo(random, tokens.join(' '));
  else if (op === 3 && tokens.length >= 2) tokens[0] = `${tokens[0]![0]}.`;
  else if (op === 4) tokens = [pick(random, ['Mr', 'Dr.', 'Mrs.', 'Sheikh']), ...tokens];
  else if (op === 5) return stripAccents(tokens.join(' ')).toLowerCase();
  else if (op === 6 && tokens.length >= 2) tokens[tokens.length - 1] = pick(random, ['Nam', 'Lam', 'Hoa', 'Li', 'Ivanova', 'Karim', 'Smith']);
  return tokens.join(' ');
}

/** `count` queries: about 60% perturb a random entry, the rest are unrelated people. */
export function syntheticQueries(entries: readonly BlocklistEntry[], count: number, seed: number): ScreeningSubject[] {
  const random = seededRandom(seed);
  const out: ScreeningSubject[] = [];
  for (let k = 0; k < count; k++) {
    if (chance(random, 0.6) && entries.length > 0) {
      const entry = pick(random, entries);
      const listed = pick(random, [entry.fullName, ...entry.aliases]);
      const dob = entry.datesOfBirth[0];
      const subject: ScreeningSubject = { fullName: perturb(random, listed) };
      if (chance(random, 0.5)) subject.dateOfBirth = dob && dob.length === 10 && chance(random, 0.7) ? dob : dateOfBirth(random);
      if (chance(random, 0.4)) subject.nationality = entry.nationalities[0] ?? 'VN';
      const id = entry.identifiers[0];
      if (id && chance(random, 0.2)) subject.nationalId = { type: 'national_id', number: `${id.number.slice(0, 4)} ${id.number.slice(4)}` };
      out.push(subject);
    } else {
      const tradition = pick(random, traditions);
      out.push({
        fullName: written(personName(random, tradition), chance(random, 0.2) ? 'western' : 'native'),
        dateOfBirth: chance(random, 0.5) ? dateOfBirth(random) : undefined,
        nationality: chance(random, 0.5) ? pools[tradition].nationality : undefined,
      });
    }
  }
  return out;
}
