/**
 * Naming traditions the matcher treats differently from the general fuzzy rules:
 * Chinese names in pinyin (syllables are names: no fuzzy credit, but joined and split
 * forms and family-name order are equivalent) and Vietnamese names (syllables of
 * different length are different names: Trường is not Trọng).
 */
const PINYIN_SYLLABLE =
  /^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iong|uang|iang|ueng|uai|uan|ian|iao|ing|ong|ang|eng|ua|uo|ui|un|iu|ie|ia|in|ou|ei|ai|ao|an|en|er|a|o|e|i|u|v)$/;

const CHINESE_SURNAMES = new Set(
  'wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao cui zhong tan fan jin shi liao jia xia fu fang zou xiong bai meng qin qiu hou yin xue yan duan lei long tao mao hao gu gong shao wan qian lai kong chang kang shan ou mo niu'.split(' '),
);

const VIETNAMESE_SURNAMES = new Set(
  'nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly trinh dinh lam mai trieu truong ha cao quach luong'.split(' '),
);

/** Splits a token into pinyin syllables, or null if it is not pinyin. */
export function pinyinSyllables(token: string): string[] | null {
  const n = token.length;
  const best: Array<string[] | null> = new Array(n + 1).fill(null);
  best[0] = [];
  for (let end = 1; end <= n; end++) {
    for (let start = Math.max(0, end - 6); start < end; start++) {
      const prev = best[start];
      if (prev && PINYIN_SYLLABLE.test(token.slice(start, end))) {
        // Fewest syllables: "xian" stays one syllable rather than "xi an".
        if (!best[end] || best[end]!.length > prev.length + 1) best[end] = [...prev, token.slice(start, end)];
      }
    }
  }
  return best[n] ?? null;
}

export type NameKind = 'pinyin' | 'vietnamese' | 'general';

export function nameKind(tokens: readonly string[]): NameKind {
  if (tokens.length >= 2 && tokens.some((t) => CHINESE_SURNAMES.has(t)) && tokens.every((t) => pinyinSyllables(t) !== null)) {
    return 'pinyin';
  }
  if (tokens.some((t) => VIETNAMESE_SURNAMES.has(t)) || (tokens.length >= 3 && tokens.some((t) => t === 'van' || t === 'thi'))) {
    return 'vietnamese';
  }
  return 'general';
}

/**
 * Pinyin names agree when their syllables agree in order, allowing the family name at
 * either end (Wang Jianguo = Jianguo Wang = 王建国): 1, or 0.
 */
export function comparePinyin(a: readonly string[], b: readonly string[]): number {
  const sa = a.flatMap((t) => pinyinSyllables(t) ?? [t]);
  const sb = b.flatMap((t) => pinyinSyllables(t) ?? [t]);
  if (sa.length !== sb.length) return 0;
  const same = (x: readonly string[]) => x.every((s, i) => s === sb[i]);
  if (same(sa)) return 1;
  // Family name moved from the front to the back, or the other way round.
  const rotatedLeft = [...sa.slice(1), sa[0]!];
  const rotatedRight = [sa.at(-1)!, ...sa.slice(0, -1)];
  return same(rotatedLeft) || same(rotatedRight) ? 1 : 0;
}
