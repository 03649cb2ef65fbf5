import type { BlocklistEntry, ScreeningSubject } from '../../src/domain/blocklist/entry.js';

/** A small seeded PRNG (mulberry32), so synthetic lists and queries are reproducible. */
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

const POOLS = {
  vietnamese: {
    family: ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Huynh', 'Phan', 'Vu', 'Vo', 'Dang', 'Bui', 'Do', 'Ho', 'Ngo', 'Duong', 'Ly'],
    given: ['An', 'Binh', 'Cuong', 'Dung', 'Duc', 'Giang', 'Hai', 'Hanh', 'Hieu', 'Hoa', 'Hung', 'Huong', 'Khanh', 'Lan', 'Linh', 'Long', 'Mai', 'Minh', 'Nam', 'Ngoc', 'Phuong', 'Quang', 'Son', 'Thanh', 'Thao', 'Trang', 'Tuan', 'Viet', 'Xuan', 'Yen'],
    middle: ['Van', 'Thi', 'Duc', 'Minh', 'Quoc', 'Thanh', 'Hoang', 'Ngoc'],
  },
  chinese: {
    family: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'Lin', 'Gao'],
    given: ['Wei', 'Fang', 'Na', 'Min', 'Jing', 'Qiang', 'Lei', 'Jun', 'Yang', 'Yong', 'Jie', 'Tao', 'Ming', 'Chao', 'Xiu', 'Hua', 'Jian', 'Guo', 'Hong', 'Ping'],
    middle: [],
  },
  russian: {
    family: ['Ivanov', 'Smirnov', 'Kuznetsov', 'Popov', 'Vasiliev', 'Petrov', 'Sokolov', 'Mikhailov', 'Novikov', 'Fedorov', 'Morozov', 'Volkov', 'Alekseev', 'Lebedev', 'Semenov', 'Egorov', 'Pavlov', 'Kozlov'],
    given: ['Aleksandr', 'Sergei', 'Dmitry', 'Andrei', 'Alexei', 'Maxim', 'Evgeny', 'Ivan', 'Mikhail', 'Nikolai', 'Vladimir', 'Oleg', 'Pavel', 'Yuri', 'Igor', 'Viktor'],
    middle: ['Sergeevich', 'Ivanovich', 'Petrovich', 'Nikolaevich', 'Alexandrovich'],
  },
  arabic: {
    family: ['Al-Rashid', 'Haddad', 'Khalil', 'Mansour', 'Nasser', 'Saleh', 'Hussein', 'Abbas', 'Farouk', 'Hamdan', 'Khoury', 'Aziz', 'Qasim', 'Karimi', 'Bakr'],
    given: ['Mohammed', 'Ahmed', 'Ali', 'Omar', 'Yusuf', 'Ibrahim', 'Khalid', 'Hassan', 'Abdullah', 'Mustafa', 'Tariq', 'Samir', 'Walid', 'Nabil', 'Faisal'],
    middle: ['Abdul Rahman', 'bin Salman', 'Abu', 'Abdel'],
  },
  spanish: {
    family: ['Garcia', 'Rodriguez', 'Martinez', 'Lopez', 'Gonzalez', 'Hernandez', 'Perez', 'Sanchez', 'Ramirez', 'Torres', 'Flores', 'Rivera', 'Gomez', 'Diaz', 'Cruz', 'Morales'],
    given: ['Jose', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Miguel', 'Pedro', 'Manuel', 'Antonio', 'Francisco', 'Maria', 'Carmen', 'Ana', 'Rosa', 'Lucia', 'Elena'],
    middle: ['Luis', 'Antonio', 'del Carmen', 'Jose'],
  },
} as const;

const NATIONALITY: Record<keyof typeof POOLS, string> = { vietnamese: 'VN', chinese: 'CN', russian: 'RU', arabic: 'SY', spanish: 'MX' };
const cultures = Object.keys(POOLS) as Array<keyof typeof POOLS>;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function personName(random: () => number, culture: keyof typeof POOLS): string {
  const pool = POOLS[culture];
  const middle = pool.middle.length > 0 && random() < 0.5 ? ` ${pick(random, pool.middle)}` : '';
  // A random suffix letter makes surnames rarer, as in real lists with many distinct names.
  const family = `${pick(random, pool.family)}${random() < 0.6 ? pick(random, ['a', 'o', 'en', 'ski', 'ar', 'in', 'ev', 'an', 'ez', 'ov']) : ''}`;
  return culture === 'vietnamese' || culture === 'chinese'
    ? `${family}${middle} ${pick(random, pool.given)}`
    : `${pick(random, pool.given)}${middle} ${family}`;
}

/** A seeded synthetic list: people from five naming traditions, with aliases, dates of birth and IDs. */
export function syntheticEntries(count: number, seed = 1): BlocklistEntry[] {
  const random = seededRandom(seed);
  const entries: BlocklistEntry[] = [];
  for (let i = 0; i < count; i++) {
    const culture = pick(random, cultures);
    const year = 1940 + Math.floor(random() * 60);
    const dob = random() < 0.3 ? `${year}` : `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    entries.push({
      externalId: `SYN-${seed}-${i}`,
      fullName: personName(random, culture),
      aliases: random() < 0.3 ? [personName(random, culture)] : [],
      datesOfBirth: random() < 0.7 ? [dob] : [],
      identifiers: random() < 0.4 ? [{ type: 'national_id', number: String(100_000_000 + Math.floor(random() * 899_999_999)), country: NATIONALITY[culture] }] : [],
      nationalities: random() < 0.6 ? [NATIONALITY[culture]] : [],
      entityType: 'person',
    });
  }
  return entries;
}

/** One-letter typos, dropped middle names, swapped order, case and diacritic noise. */
function perturb(random: () => number, name: string): string {
  let tokens = name.split(' ');
  const r = random();
  if (r < 0.25 && tokens.length > 2) tokens.splice(1, 1);
  else if (r < 0.45) tokens = [...tokens.slice(1), tokens[0]!];
  else if (r < 0.7) {
    const i = Math.floor(random() * tokens.length);
    const t = tokens[i]!;
    if (t.length > 5) {
      const p = 1 + Math.floor(random() * (t.length - 2));
      tokens[i] = t.slice(0, p) + t[p + 1] + t[p] + t.slice(p + 2);
    }
  }
  const text = tokens.join(' ');
  return random() < 0.5 ? text.toUpperCase() : text;
}

/** Queries: perturbed names of random entries (some with their DOB or ID), and unrelated people. */
export function syntheticQueries(entries: readonly BlocklistEntry[], count: number, seed = 2): ScreeningSubject[] {
  const random = seededRandom(seed);
  const queries: ScreeningSubject[] = [];
  for (let i = 0; i < count; i++) {
    if (random() < 0.6) {
      const e = pick(random, entries);
      const dob = e.datesOfBirth[0];
      queries.push({
        fullName: perturb(random, random() < 0.8 ? e.fullName : (e.aliases[0] ?? e.fullName)),
        dateOfBirth: dob && dob.length === 10 && random() < 0.5 ? dob : undefined,
        nationalId: e.identifiers[0] && random() < 0.2 ? { type: 'CCCD', number: e.identifiers[0].number, country: e.identifiers[0].country } : undefined,
        nationality: e.nationalities[0],
      });
    } else {
      queries.push({ fullName: personName(random, pick(random, cultures)), dateOfBirth: '1985-06-15', nationality: 'VN' });
    }
  }
  return queries;
}
