import { describe, expect, it } from 'vitest';
import { compileLexicon, lexiconFaults, match, type Lexicon, type Problem, type ProblemSupplyItem } from '../../src/engine';
import { CROSS_CATEGORY_THRESHOLD } from '../../src/engine/candidates';
import { terms } from '../../src/engine/text';
import { tinyWorld } from './support';

/**
 * The engine with a lexicon (issue 14, item 1): villagers' words meet the departments' terms
 * through synonyms and service concepts, a generic word shared by two items decides nothing, and
 * the explanation names the concepts that carried the match, in words, not character pieces.
 */

const LEXICON: Lexicon = {
  synonyms: [
    { term: '苞谷', standard: '玉米', region: 'southwestern' },
    { term: '包谷', standard: '玉米', region: 'southwestern' },
    { term: '老汉', standard: '老年人', region: 'northwestern' },
  ],
  concepts: [
    { id: 'TECHNOLOGY/poultry-disease', category: 'TECHNOLOGY', name: '家禽疫病防控', terms: ['家禽疫病', '鸡瘟', '禽流感', '鸡+死', '鸡+病'] },
    { id: 'TECHNOLOGY/corn-pests', category: 'TECHNOLOGY', name: '玉米病虫害防治', terms: ['玉米螟', '玉米+虫', '玉米+病虫害', '玉米+发黄'] },
    { id: 'SERVICE/water-supply-repair', category: 'SERVICE', name: '供水设施维修', terms: ['自来水', '供水管网', '水管+坏', '水管+裂', '没水吃'] },
    { id: 'SERVICE/farm-machinery-repair', category: 'SERVICE', name: '农机维修', terms: ['农机+维修', '拖拉机+坏', '收割机+修'] },
  ],
};

const item = (id: string, category: ProblemSupplyItem['category'], title: string, description: string): ProblemSupplyItem => ({
  id, departmentId: 'DK', category, title, description, forms: ['ON_SITE'], capacity: 5, coverage: ['K'],
});

const problem: Problem = {
  ...tinyWorld(),
  supplyItems: [
    item('S1', 'TECHNOLOGY', '家禽疫病防控技术指导', '畜牧站兽医到村开展鸡鸭鹅常见疫病诊治和免疫'),
    item('S2', 'TECHNOLOGY', '玉米病虫害绿色防控', '农技站技术员田间指导玉米螟、大斑病防治'),
    item('S3', 'SERVICE', '农机维修服务', '农机站技术员上门维修拖拉机、收割机等农业机械'),
    item('S4', 'SERVICE', '农村供水管网维修', '水务站对村里自来水管网进行检修'),
  ],
  demandItems: [
    { id: 'D1', townshipId: 'T', category: 'TECHNOLOGY', title: '鸡一只接一只地死', content: '家里养的鸡这几天一只接一只地死，咋整', forms: ['ON_SITE'], priority: 'NORMAL' },
    { id: 'D2', townshipId: 'T', category: 'TECHNOLOGY', title: '苞谷生虫', content: '苞谷叶子上全是虫，叶子发黄', forms: ['ON_SITE'], priority: 'NORMAL' },
    { id: 'D3', townshipId: 'T', category: 'SERVICE', title: '水管坏了', content: '冬天水管冻坏了，要人来维修，全村没水吃', forms: ['ON_SITE'], priority: 'URGENT' },
  ],
};

describe('matching with the lexicon (issue 14, item 1)', () => {
  it('finds synonyms and concepts in villagers\' words, and a "+" term within one clause only', () => {
    const lexicon = compileLexicon(LEXICON);
    const name = (hits: { concepts: number[] }) => hits.concepts.map((c) => lexicon.concepts[c].name);
    expect(name(lexicon.scan('家里的鸡一只接一只地死'))).toEqual(['家禽疫病防控']);
    expect(lexicon.scan('苞谷生虫了').synonyms).toEqual(['苞谷→玉米']);
    expect(name(lexicon.scan('苞谷生虫了'))).toEqual(['玉米病虫害防治']);
    // 鸡 and 死 in different clauses: no hit.
    expect(name(lexicon.scan('杀了一只鸡。人差点死了'))).toEqual([]);
  });

  it('keeps the words around a synonym whole: a term holding the synonym (低保户) still hits, and so does the standard', () => {
    const lexicon = compileLexicon({
      synonyms: [{ term: '低保', standard: '最低生活保障', region: 'general' }],
      concepts: [
        { id: 'WARMTH/difficult-households', category: 'WARMTH', name: '困难群众走访慰问', terms: ['低保户'] },
        { id: 'POLICY/minimum-living', category: 'POLICY', name: '最低生活保障', terms: ['最低生活保障+标准'] },
      ],
    });
    const name = (hits: { concepts: number[] }) => hits.concepts.map((c) => lexicon.concepts[c].name).sort();
    expect(name(lexicon.scan('几户低保户过年啥都么有'))).toEqual(['困难群众走访慰问']);
    // The standard joins the clause the word was in (and only that clause).
    expect(name(lexicon.scan('低保户的标准'))).toEqual(['困难群众走访慰问', '最低生活保障']);
    expect(name(lexicon.scan('低保户。标准'))).toEqual(['困难群众走访慰问']);
  });

  it('reads an enumeration (猪、牛、羊、鸡常见疫病) as one clause: 、 lists, it does not end a clause', () => {
    const lexicon = compileLexicon(LEXICON);
    const name = (hits: { concepts: number[] }) => hits.concepts.map((c) => lexicon.concepts[c].name);
    expect(name(lexicon.scan('兽医上门诊治猪、牛、鸡、羊常见病'))).toEqual(['家禽疫病防控']);
    expect(name(lexicon.scan('鸡，病'))).toEqual([]);
  });

  it('places each demand where a dispatcher would, where words alone do not meet', () => {
    const without = match(problem);
    const withLexicon = match(problem, { lexicon: LEXICON });
    const placed = Object.fromEntries(withLexicon.assignments.map((a) => [a.demandId, a.supplyId]));
    expect(placed).toEqual({ D1: 'S1', D2: 'S2', D3: 'S4' });
    // Without it the poultry demand meets nothing.
    expect(without.assignments.find((a) => a.demandId === 'D1')).toBeUndefined();
  });

  it('names the concepts that carried a match, and whole words, never character pieces', () => {
    const { assignments } = match(problem, { lexicon: LEXICON });
    const d1 = assignments.find((a) => a.demandId === 'D1')!;
    expect(d1.explanation.parts.concepts).toEqual(['家禽疫病防控']);
    // Every matched term is a word of the demand's segmentation, not a bigram such as 棚番 or 茄灰.
    const pieces = match({ ...problem, demandItems: [{ ...problem.demandItems[1], id: 'D9', title: '大棚番茄灰霉病', content: '温室大棚番茄得了灰霉病' }],
      supplyItems: [item('S9', 'TECHNOLOGY', '设施大棚番茄灰霉病防治', '技术员入户指导设施番茄灰霉病防治')] }).assignments[0];
    const words = new Set(terms('大棚番茄灰霉病\n温室大棚番茄得了灰霉病').filter((t) => t.key.startsWith('w:')).map((t) => t.key.slice(2)));
    expect(pieces.explanation.parts.matchedTerms.length).toBeGreaterThan(0);
    for (const term of pieces.explanation.parts.matchedTerms) expect(words.has(term), term).toBe(true);
    const d3 = assignments.find((a) => a.demandId === 'D3')!;
    expect(d3.explanation.parts.concepts).toEqual(['供水设施维修']);
  });

  it('the ticked category is a hint, not a wall: a plain fit of another category is placed, and said so; a weak one is not', () => {
    const mislabelled: Problem = {
      ...problem,
      demandItems: [
        // Ticked HEALTH, but it is the chickens that are sick.
        { id: 'D7', townshipId: 'T', category: 'HEALTH', title: '鸡瘟', content: '村里的鸡一只接一只地死，怕是鸡瘟', forms: ['ON_SITE'], priority: 'NORMAL' },
        // Ticked HEALTH; it says 水 and 修 but signals no concept of another category.
        { id: 'D8', townshipId: 'T', category: 'HEALTH', title: '想修个水池', content: '村口想修个小水池', forms: ['ON_SITE'], priority: 'NORMAL' },
      ],
    };
    const result = match(mislabelled, { lexicon: LEXICON });
    const d7 = result.assignments.find((a) => a.demandId === 'D7')!;
    expect(d7.supplyId).toBe('S1');
    expect(d7.explanation.suggestedCategory).toBe('TECHNOLOGY');
    expect(d7.explanation.summary).toMatch(/^类别建议：按内容属「送科技」（申报为「送健康」/);
    expect(result.escalations.map((e) => e.demandId)).toEqual(['D8']);
    // Without the lexicon nothing crosses.
    expect(match(mislabelled).assignments).toEqual([]);
  });

  it('words that speak only of another category\'s matters contradict the tick: its items compete at the ordinary threshold', () => {
    // Two concepts of 送科技 (a specific one and its broader one), none of 送健康: the words say the tick is wrong.
    const lexicon: Lexicon = {
      synonyms: [],
      concepts: [
        { id: 'TECHNOLOGY/poultry', category: 'TECHNOLOGY', name: '家禽饲养', terms: ['养鸡', '家禽'] },
        { id: 'TECHNOLOGY/poultry-disease', category: 'TECHNOLOGY', name: '家禽疫病防控', terms: ['鸡+死', '鸡瘟'], broader: 'TECHNOLOGY/poultry' },
        { id: 'HEALTH/clinic', category: 'HEALTH', name: '义诊与送医下乡', terms: ['义诊', '看病'] },
      ],
    };
    const vet = item('S-T', 'TECHNOLOGY', '畜牧兽医技术服务', '畜牧站兽医开展牛羊猪常见疫病诊断、免疫接种、饲草料配制和圈舍消毒技术服务，兼顾家禽');
    const chickens = { id: 'D1', townshipId: 'T', category: 'HEALTH' as const, title: '鸡一只接一只地死', content: '屋头的鸡一只接一只地死，看看咋个办', forms: ['ON_SITE' as const], priority: 'NORMAL' as const };
    const run = (supplyItems: ProblemSupplyItem[], lex = lexicon) => match({ ...tinyWorld(), supplyItems, demandItems: [chickens] }, { lexicon: lex });

    // Nothing of 送健康 fits; the vet's item fits under the cross-category bar of 0.15, and is placed all the same.
    const alone = run([vet, item('S-H', 'HEALTH', '常见病义诊', '医生进村义诊常见病')]).assignments[0];
    expect(alone.supplyId).toBe('S-T');
    expect(alone.explanation.parts.text).toBeLessThan(CROSS_CATEGORY_THRESHOLD);
    expect(alone.explanation.summary).toMatch(/^类别建议：按内容属「送科技」（申报为「送健康」，该类别没有相符的项目）。/);

    // A 送健康 item that shares a few words is eligible; the vet's, sharing what the demand is about, wins over it.
    const rival = item('S-H', 'HEALTH', '头疼脑热咋个办', '医生进村讲讲头疼脑热咋个办');
    const contest = run([vet, rival]).assignments[0];
    expect(contest.supplyId).toBe('S-T');
    expect(contest.explanation.summary).toMatch(/^类别建议：按内容属「送科技」（申报为「送健康」，内容说的是「送科技」的事：家禽饲养）。/);
    expect(run([rival]).assignments[0].supplyId).toBe('S-H');

    // One concept may be a word in passing: without the broader concept, the tick stands and the weak fit is not taken.
    const narrow = { ...lexicon, concepts: lexicon.concepts.map((c) => ({ ...c, broader: null })).filter((c) => c.id !== 'TECHNOLOGY/poultry') };
    expect(run([vet, item('S-H', 'HEALTH', '常见病义诊', '医生进村义诊常见病')], narrow).assignments).toEqual([]);
    expect(run([vet, rival], narrow).assignments[0].supplyId).toBe('S-H');
  });

  it('reads no need into a place name: a village called 鸡鸣村 asking for street lights is not a poultry demand', () => {
    const village = { id: 'V', name: '鸡鸣村', level: 'VILLAGE' as const, parentId: 'T' };
    const lights: Problem = {
      ...problem,
      regions: [...problem.regions, village],
      demandItems: [{ id: 'D5', townshipId: 'T', category: 'TECHNOLOGY', title: '鸡鸣村想装路灯', content: '鸡鸣村老人病了晚上出门看医生都难，想装几盏路灯', forms: ['ON_SITE'], priority: 'NORMAL' }],
    };
    const result = match(lights, { lexicon: LEXICON });
    expect(result.assignments).toEqual([]);
    // The same words without the village among the regions meet the poultry item on 鸡+病.
    expect(match({ ...lights, regions: problem.regions }, { lexicon: LEXICON }).assignments.map((a) => a.supplyId)).toEqual(['S1']);
  });

  it('is deterministic: the same input and lexicon give the same bytes', () => {
    expect(JSON.stringify(match(problem, { lexicon: LEXICON }))).toBe(JSON.stringify(match(structuredClone(problem), { lexicon: structuredClone(LEXICON) })));
  });
});

describe('what the county can do, the county does (issue 14): a general county item covers the needs under it', () => {
  const lexicon: Lexicon = {
    synonyms: [],
    concepts: [
      { id: 'THEORY/preaching', category: 'THEORY', name: '理论宣讲', terms: ['理论宣讲'] },
      { id: 'THEORY/plenary', category: 'THEORY', name: '党的全会精神', broader: 'THEORY/preaching', terms: ['全会'] },
      { id: 'THEORY/history', category: 'THEORY', name: '党史学习教育', broader: 'THEORY/preaching', terms: ['党史'] },
    ],
  };
  const theory = (id: string, departmentId: string, title: string, description: string): ProblemSupplyItem => ({
    id, departmentId, category: 'THEORY', title, description, forms: ['LECTURE'], capacity: 3, coverage: [departmentId === 'DC' ? 'C' : 'K'],
  });
  const general = theory('K-GEN', 'DK', '院坝宣讲会', '在村院坝、火塘边开展理论宣讲，用方言讲政策、讲故事、拉家常');
  const history = theory('K-HIS', 'DK', '红色故事会', '讲述本地党史和革命老区的红色故事，组织参观旧址');
  const city = theory('C-PLN', 'DC', '三中全会精神宣讲进村', '市委宣讲团到村宣讲二十届三中全会精神和全会决定');
  const demand = { id: 'D', townshipId: 'T', category: 'THEORY' as const, title: '想听听三中全会讲了啥', content: '村里老党员想请人来讲讲二十届三中全会精神', forms: ['LECTURE' as const], priority: 'NORMAL' as const };
  const solve = (items: ProblemSupplyItem[]) => match({ ...tinyWorld(), supplyItems: items, demandItems: [demand] }, { lexicon });

  it("places the demand on the county's general lecture, which names a broader need, though the city item says more of its words", () => {
    const { assignments } = solve([general, city]);
    expect(assignments.map((a) => [a.supplyId, a.tier])).toEqual([['K-GEN', 'COUNTY']]);
  });

  it('leaves a county item on a sibling need (党史 for a plenary talk) to the rule OUTMATCHED', () => {
    const { assignments } = solve([history, city]);
    expect(assignments.map((a) => [a.supplyId, a.tier])).toEqual([['C-PLN', 'CITY']]);
  });
});


describe('what a demand asks for, and what it is about (issue 14): services, subjects and catch-alls', () => {
  const lexicon: Lexicon = {
    synonyms: [],
    concepts: [
      { id: 'TECHNOLOGY/walnut', category: 'TECHNOLOGY', name: '核桃栽培', kind: 'SUBJECT', terms: ['核桃'] },
      { id: 'TECHNOLOGY/poultry', category: 'TECHNOLOGY', name: '家禽饲养', kind: 'SUBJECT', broader: 'TECHNOLOGY/livestock', terms: ['养鸡', '鸡苗'] },
      { id: 'TECHNOLOGY/livestock', category: 'TECHNOLOGY', name: '畜禽养殖', kind: 'SUBJECT', terms: ['养殖'] },
      { id: 'TECHNOLOGY/poultry-disease', category: 'TECHNOLOGY', name: '家禽疫病防控', broader: 'TECHNOLOGY/poultry', terms: ['鸡+病', '鸡瘟'] },
      { id: 'TECHNOLOGY/e-commerce', category: 'TECHNOLOGY', name: '农村电商', terms: ['网上+卖', '直播', '网店'] },
      { id: 'TECHNOLOGY/pruning', category: 'TECHNOLOGY', name: '果树修剪', terms: ['修剪', '剪枝'] },
      { id: 'TECHNOLOGY/techniques', category: 'TECHNOLOGY', name: '农业实用技术', kind: 'GENERAL', terms: ['实用技术', '讲讲+咋'] },
    ],
  };
  const tech = (id: string, departmentId: string, title: string, description: string, forms: ProblemSupplyItem['forms'] = ['TRAINING']): ProblemSupplyItem => ({
    id, departmentId, category: 'TECHNOLOGY', title, description, forms, capacity: 3, coverage: [departmentId === 'DC' ? 'C' : 'K'],
  });
  const demand = (title: string, content: string) =>
    ({ id: 'D', townshipId: 'T', category: 'TECHNOLOGY' as const, title, content, forms: ['TRAINING' as const], priority: 'NORMAL' as const });
  const solve = (items: ProblemSupplyItem[], d: ReturnType<typeof demand>, lex: Lexicon = lexicon) =>
    match({ ...tinyWorld(), supplyItems: items, demandItems: [d] }, { lexicon: lex }).assignments.map((a) => [a.supplyId, a.tier]);
  const walnuts = tech('K-WAL', 'DK', '核桃园管理技术服务', '县林业站指导核桃树修剪、施肥和核桃采收晾晒');
  const shop = tech('C-SHOP', 'DC', '农村电商直播培训', '培训网店开设和直播带货，帮农户把山货卖出去');

  it('reads the title apart: what the lexicon finds in the first line is the lead', () => {
    const compiled = compileLexicon(lexicon);
    const hits = compiled.scan('想在网上卖核桃\n家里核桃树要修剪');
    const ids = (list: number[]) => list.map((c) => compiled.concepts[c].id);
    expect(ids(hits.lead)).toEqual(['TECHNOLOGY/e-commerce', 'TECHNOLOGY/walnut']);
    expect(ids(hits.direct)).toEqual(['TECHNOLOGY/e-commerce', 'TECHNOLOGY/pruning', 'TECHNOLOGY/walnut']);
  });

  it('sends a demand to sell its crop online to the e-commerce course, not to the county item that only grows the crop', () => {
    const sell = demand('想在网上卖核桃', '家里核桃堆着卖不掉，听说可以在网上卖，想有人来教');
    expect(solve([walnuts, shop], sell)).toEqual([['C-SHOP', 'CITY']]);
    const [placed] = match({ ...tinyWorld(), supplyItems: [walnuts, shop], demandItems: [sell] }, { lexicon }).assignments;
    expect(placed.explanation.summary).toContain('旗县区项目旗卫健委「核桃园管理技术服务」只涉及同一对象，不提供所需的农村电商。');
    // Without the subject marked, the crop counts as a need the county item gives: the county keeps it.
    const unmarked = { ...lexicon, concepts: lexicon.concepts.map((c) => ({ ...c, kind: null })) };
    expect(solve([walnuts, shop], sell, unmarked)).toEqual([['K-WAL', 'COUNTY']]);
    // With no city item giving the service, the county item still serves it: the rule only decides between tiers.
    expect(solve([walnuts], sell)).toEqual([['K-WAL', 'COUNTY']]);
  });

  it('takes what the title asks for as the need, the rest of the text as background (修剪 in passing does not make it a pruning demand)', () => {
    const sell = demand('想学开网店卖核桃', '家里核桃树刚修剪完，今年核桃多，想学学咋在网上卖');
    expect(solve([walnuts, shop], sell)).toEqual([['C-SHOP', 'CITY']]);
    // A title that names no service leaves the whole text to say what is asked: here pruning, which the county item gives.
    expect(solve([walnuts, shop], demand('核桃的事', '家里核桃树要修剪，也想学学咋在网上卖'))).toEqual([['K-WAL', 'COUNTY']]);
  });

  it("keeps a crop question on the county's crop item when the only other need is a catch-all", () => {
    const grow = demand('核桃咋管收成高', '村里核桃树多，收成一年不如一年，想请人讲讲咋管');
    const general = tech('C-GEN', 'DC', '科技下乡综合服务', '市科技志愿服务队下乡提供农业实用技术咨询和科普');
    expect(solve([walnuts, general], grow)).toEqual([['K-WAL', 'COUNTY']]);
  });

  it('does not let a county item serve a need through a subject above the need (a sheep item for a sick hen)', () => {
    const hens = demand('鸡得病了', '家里养的鸡病了好几只，眼睛肿，想请人来看看');
    const sheep = tech('K-SHEEP', 'DK', '肉羊养殖技术', '县畜牧站指导肉羊养殖、圈舍建设和饲喂');
    const poultry = tech('C-POUL', 'DC', '家禽疫病诊断与防治', '市动物疫控中心诊治鸡瘟等家禽疫病，鸡病防治培训');
    expect(solve([sheep, poultry], hens)).toEqual([['C-POUL', 'CITY']]);
  });

  it('gives the county a need it names by a broader service below the relevance threshold, only in a form the demand asks for', () => {
    const concepts: Lexicon = {
      synonyms: [],
      concepts: [
        { id: 'THEORY/preaching', category: 'THEORY', name: '理论宣讲', terms: ['理论宣讲', '宣讲'] },
        { id: 'THEORY/plenary', category: 'THEORY', name: '党的全会精神', broader: 'THEORY/preaching', terms: ['全会'] },
      ],
    };
    const theory = (id: string, departmentId: string, title: string, description: string, forms: ProblemSupplyItem['forms']): ProblemSupplyItem => ({
      id, departmentId, category: 'THEORY', title, description, forms, capacity: 3, coverage: [departmentId === 'DC' ? 'C' : 'K'],
    });
    // Generic-sounding county lecture, many other theory texts sharing 宣讲: its relevance to the demand falls under the threshold.
    const county = theory('K-GEN', 'DK', '院坝宣讲会', '在村院坝、火塘边开展理论宣讲，用方言讲故事、拉家常', ['LECTURE']);
    const city = theory('C-PLN', 'DC', '创新理论宣讲进村', '市委宣讲团宣讲三中全会精神和全会决定', ['LECTURE']);
    const others = Array.from({ length: 6 }, (_, i) => theory(`C-X${i}`, 'DC', `专题宣讲${i}`, `宣讲团宣讲第${i}专题`, ['LECTURE']));
    const ask = { id: 'D', townshipId: 'T', category: 'THEORY' as const, title: '想晓得三中全会讲了啥', content: '电视上天天说三中全会，我们也想晓得讲了啥子，跟我们有啥关系', forms: ['LECTURE' as const], priority: 'NORMAL' as const };
    const run = (items: ProblemSupplyItem[]) => match({ ...tinyWorld(), supplyItems: items, demandItems: [ask] }, { lexicon: concepts, threshold: 0.2 });
    const placed = run([county, city, ...others]);
    expect(placed.assignments.map((a) => [a.supplyId, a.tier])).toEqual([['K-GEN', 'COUNTY']]);
    expect(placed.assignments[0].score).toBeLessThan(0.2 * 0.85 + 0.15);
    expect(placed.assignments[0].explanation.summary).toContain('内容相关度低于自动派单标准 0.2，但它提供所需的党的全会精神（属理论宣讲），与最相符的市级项目是同一项服务。');
    // A county item in another form (a performance, not a lecture) is not given the demand below the threshold.
    const show = { ...county, forms: ['PERFORMANCE' as const] };
    expect(run([show, city, ...others]).assignments.map((a) => a.supplyId)).toEqual(['C-PLN']);
  });

  it("gives a demand its category's catch-all item when it names something of the category that no other item gives", () => {
    const general = tech('C-GEN', 'DC', '科技下乡实用技术服务', '市科技志愿服务队下乡提供技术咨询和科普');
    const abandoned = demand('老核桃园荒了想管起来', '村里几十亩老核桃园荒了好些年，想重新管起来');
    const pigs = tech('K-PIG', 'DK', '生猪养殖技术', '县畜牧站指导生猪饲喂和圈舍消毒');
    const [placed] = match({ ...tinyWorld(), supplyItems: [pigs, general], demandItems: [abandoned] }, { lexicon }).assignments;
    expect([placed.supplyId, placed.tier]).toEqual(['C-GEN', 'CITY']);
    expect(placed.explanation.summary).toContain('本类别没有专门对口的项目，由综合服务项目兜底（所需：核桃栽培）。');
    // An item that gives it is taken first; a demand naming nothing of its category is escalated as before.
    expect(solve([walnuts, general], abandoned)).toEqual([['K-WAL', 'COUNTY']]);
    expect(solve([pigs, general], demand('想修个小广场', '庄上连块平地都没有'))).toEqual([]);
  });

  it("lets the title's need contradict the tick, and a subject in passing not confirm it (自来水冻住了 ticked 送科技, from 羊圈沟)", () => {
    const words: Lexicon = {
      synonyms: [],
      concepts: [
        { id: 'SERVICE/water-supply', category: 'SERVICE', name: '供水与自来水维修', terms: ['自来水', '水管+冻'] },
        { id: 'TECHNOLOGY/sheep', category: 'TECHNOLOGY', name: '羊的饲养', kind: 'SUBJECT', terms: ['羊圈', '养羊'] },
      ],
    };
    const sheep = tech('K-SHEEP', 'DK', '肉羊疫病防治', '县畜牧站诊治肉羊口蹄疫和寄生虫病', ['ON_SITE']);
    const water: ProblemSupplyItem = {
      id: 'K-WATER', departmentId: 'DK', category: 'SERVICE', title: '冬季供水管道防冻抢修', description: '水务站对农村供水管网防冻、抢修冻裂水管，二十四小时热线',
      forms: ['ON_SITE'], capacity: 3, coverage: ['K'],
    };
    const frozen = { ...demand('自来水冻住了', '羊圈沟好几户自来水管子冻住了，拧开龙头一滴都没有'), forms: ['ON_SITE' as const] };
    const run = (d: typeof frozen) => match({ ...tinyWorld(), supplyItems: [sheep, water], demandItems: [d] }, { lexicon: words });
    // Nothing of 送科技 fits; the water item fits under the cross-category bar (0.15), and the title's need takes it there.
    const [placed] = run(frozen).assignments;
    expect(placed.supplyId).toBe('K-WATER');
    expect(placed.explanation.parts.text).toBeLessThan(CROSS_CATEGORY_THRESHOLD);
    expect(placed.explanation.suggestedCategory).toBe('SERVICE');
    // The sheep in the title would be what it is about: then the tick stands, and the weak cross fit is not taken.
    expect(run({ ...frozen, title: '羊圈的自来水冻住了' }).assignments).toEqual([]);
  });

  it('refuses a lexicon whose concept kind is not SERVICE, SUBJECT or GENERAL', () => {
    expect(lexiconFaults({ synonyms: [], concepts: [{ id: 'TECHNOLOGY/x', category: 'TECHNOLOGY', name: 'x', terms: ['xx'], kind: 'CROP' }] }))
      .toEqual(['concepts[0].kind: must be one of SERVICE, SUBJECT, GENERAL; got "CROP"']);
  });
});
