/**
 * Monosyllabic naming traditions. In Chinese and Vietnamese names every token is a
 * syllable and a syllable that differs by one letter is another name (Nam / Lam,
 * Fang / Fan, Hoàng / Hoan), so the matcher gives such pairs no fuzzy credit.
 */

/** Every tone-less pinyin syllable, as pinyin-pro reads the CJK Unified Ideographs (ü written u). */
const pinyinSyllables: ReadonlySet<string> = new Set(
  (
    'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ' +
    'ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui ' +
    'chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ' +
    'ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan ' +
    'gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen ' +
    'heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju ' +
    'juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai ' +
    'lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lue lun luo ma ' +
    'mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei ' +
    'nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nue nuo o ou pa pai pan pang pao pei ' +
    'pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan ' +
    'que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen ' +
    'seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun ' +
    'shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou ' +
    'tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong ' +
    'xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ' +
    'ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan ' +
    'zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo'
  ).split(' '),
);

/** True when the token is one pinyin syllable or several written together (jianguo, ouyang). */
export function isPinyinWord(token: string): boolean {
  const n = token.length;
  if (n === 0 || n > 24) return false;
  // reachable[i]: the first i letters split into syllables (the longest syllable has 6 letters).
  const reachable = new Uint8Array(n + 1);
  reachable[0] = 1;
  for (let end = 1; end <= n; end++) {
    for (let start = Math.max(0, end - 6); start < end; start++) {
      if (reachable[start] === 1 && pinyinSyllables.has(token.slice(start, end))) {
        reachable[end] = 1;
        break;
      }
    }
  }
  return reachable[n] === 1;
}

/**
 * The shape of a Vietnamese syllable once its diacritics are gone: an optional initial
 * consonant, a vowel nucleus, an optional final (nguyen = ng·uye·n, thanh = th·a·nh).
 * Western names rarely fit (John, Mark, Anna, Paul do not).
 */
const vietnameseSyllable =
  /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(?:uye|uya|uyu|ieu|yeu|uoi|uou|oai|oay|oao|oeo|uay|uai|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|a|e|i|o|u|y)(?:ch|ng|nh|[cmnpt])?$/;

export function isVietnameseSyllable(token: string): boolean {
  return token.length <= 7 && vietnameseSyllable.test(token);
}
