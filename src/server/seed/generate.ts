/**
 * Realistic, deterministic Chinese business data for the demo company and the benchmark:
 * company and person names, regions (GB/T 2260), industries (GB/T 4754), phones, amounts.
 */
export type Rng = () => number;

/** mulberry32: small, fast, seeded. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
export const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

export const regions = [
  ['110000', '北京市'], ['120000', '天津市'], ['310000', '上海市'], ['500000', '重庆市'], ['440100', '广州市'], ['440300', '深圳市'],
  ['440600', '佛山市'], ['441900', '东莞市'], ['330100', '杭州市'], ['330200', '宁波市'], ['320100', '南京市'], ['320500', '苏州市'],
  ['320200', '无锡市'], ['370100', '济南市'], ['370200', '青岛市'], ['510100', '成都市'], ['420100', '武汉市'], ['430100', '长沙市'],
  ['610100', '西安市'], ['410100', '郑州市'], ['350100', '福州市'], ['350200', '厦门市'], ['340100', '合肥市'], ['210100', '沈阳市'],
  ['210200', '大连市'], ['220100', '长春市'], ['230100', '哈尔滨市'], ['360100', '南昌市'], ['530100', '昆明市'], ['450100', '南宁市'],
] as const;

export const industries = [
  ['C', '制造业', ['机械', '电子', '精密', '化工', '材料', '汽车配件', '包装', '纺织', '模具', '五金']],
  ['F', '批发和零售业', ['贸易', '商贸', '供应链', '物资', '百货', '进出口']],
  ['I', '信息传输、软件和信息技术服务业', ['科技', '信息技术', '软件', '网络科技', '数据', '智能科技']],
  ['E', '建筑业', ['建设', '建筑工程', '装饰工程', '安装工程']],
  ['G', '交通运输、仓储和邮政业', ['物流', '运输', '仓储', '货运代理']],
  ['M', '科学研究和技术服务业', ['检测技术', '工程技术', '生物科技', '环保科技']],
  ['K', '房地产业', ['置业', '物业管理', '房地产开发']],
  ['H', '住宿和餐饮业', ['餐饮管理', '酒店管理']],
] as const;
/** The GB/T 4754—2017 大类 each company word stands for (ARC-1 industryCode), so demo archives carry a code. */
const divisionOfWord: Record<string, string> = {
  机械: '34', 电子: '39', 精密: '40', 化工: '26', 材料: '30', 汽车配件: '36', 包装: '22', 纺织: '17', 模具: '35', 五金: '33',
  贸易: '51', 商贸: '51', 供应链: '51', 物资: '51', 百货: '52', 进出口: '51',
  科技: '65', 信息技术: '65', 软件: '65', 网络科技: '64', 数据: '65', 智能科技: '65',
  建设: '47', 建筑工程: '48', 装饰工程: '50', 安装工程: '49',
  物流: '58', 运输: '54', 仓储: '59', 货运代理: '58',
  检测技术: '74', 工程技术: '74', 生物科技: '73', 环保科技: '75',
  置业: '70', 物业管理: '70', 房地产开发: '70',
  餐饮管理: '62', 酒店管理: '61',
};

const brandChars = '华新宏远鑫盛泰恒通达信诚安康瑞祥丰源佳德利金海天宇中星明辉顺腾博创凯力嘉兴隆昌旭东方正荣耀飞翔科立美联合众和永春光正大蓝青山川'.split('');
const suffixes = ['有限公司', '有限公司', '有限公司', '有限责任公司', '股份有限公司'];
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const givenChars = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文辉鹏飞俊峰宇浩然子涵欣怡梓萱思远晨阳佳琪雨婷昊天嘉怡博文'.split('');
const positions = ['总经理', '副总经理', '采购经理', '采购总监', '财务总监', '技术总监', '销售经理', '行政主管', '项目经理', '董事长'];
const products = [['交换机', '台'], ['服务器', '台'], ['钢材', '吨'], ['电缆', '米'], ['轴承', '套'], ['包装材料', '箱'], ['化工原料', '吨'], ['电子元件', '千个'], ['办公家具', '套'], ['软件许可', '套']] as const;

export function personName(rng: Rng): string {
  return pick(rng, surnames) + pick(rng, givenChars) + (rng() < 0.6 ? pick(rng, givenChars) : '');
}

export type GeneratedCustomer = {
  name: string;
  shortName: string;
  customerType: 'distributor' | 'direct' | 'manufacturer' | 'dealer';
  region: string;
  industry: string;
  industryCode: string | null;
  address: string;
  phone: string;
  email: string;
  registeredCapital: string;
  foundedOn: string;
  employeeCount: number;
  companyNature: string;
  industryPosition: string;
  category: string;
  importance: string;
  source: string;
};

export function company(rng: Rng, serial: number): GeneratedCustomer {
  const [regionCode, city] = pick(rng, regions);
  const [industryCode, industryName, words] = pick(rng, industries);
  const brand = pick(rng, brandChars) + pick(rng, brandChars) + (rng() < 0.3 ? pick(rng, brandChars) : '');
  const word = pick(rng, words);
  const name = `${city}${brand}${word}${pick(rng, suffixes)}`;
  const area = regionCode.slice(0, 2) === '11' ? '010' : regionCode === '310000' ? '021' : regionCode === '440300' ? '0755' : regionCode === '440100' ? '020' : `0${int(rng, 310, 999)}`;
  const year = int(rng, 1985, 2022);
  return {
    name,
    shortName: brand + word.slice(0, 2),
    customerType: pick(rng, ['distributor', 'direct', 'direct', 'manufacturer', 'dealer'] as const),
    region: regionCode,
    industry: `${industryCode} ${industryName}`,
    industryCode: divisionOfWord[word] ?? null,
    address: `${city}${pick(rng, ['高新区', '经济开发区', '工业园区', '中心区'])}${pick(rng, brandChars)}${pick(rng, ['路', '大道', '街'])}${int(rng, 1, 999)}号`,
    phone: `${area}-${int(rng, 2, 8)}${String(int(rng, 0, 9999999)).padStart(7, '0')}`,
    email: `info${serial}@${brand.length}${serial.toString(36)}.example.cn`,
    registeredCapital: `${int(rng, 50, 500000) * 10000}.00`,
    foundedOn: `${year}-${String(int(rng, 1, 12)).padStart(2, '0')}-${String(int(rng, 1, 28)).padStart(2, '0')}`,
    employeeCount: int(rng, 5, 20000),
    companyNature: pick(rng, ['private_ltd', 'private_ltd', 'listed', 'sino_foreign_jv', 'wholly_foreign', 'state_owned']),
    industryPosition: pick(rng, ['leader', 'influential', 'medium', 'medium', 'small']),
    category: pick(rng, ['initial', 'potential', 'following', 'partner', 'partner', 'vip']),
    importance: pick(rng, ['normal', 'normal', 'important', 'very_important']),
    source: pick(rng, ['web', 'advert', 'transaction', 'association', 'sales_visit', 'customer_form', 'agency', 'referral']),
  };
}

export type GeneratedContact = { role: string; name: string; position: string; mobile: string; email: string; birthDate: string };
export function contact(rng: Rng, i: number): GeneratedContact {
  return {
    role: i === 0 ? 'primary' : pick(rng, ['legal_person', 'principal', 'first', 'second', 'key_person', 'other']),
    name: personName(rng),
    position: pick(rng, positions),
    mobile: `1${pick(rng, ['3', '5', '7', '8', '9'])}${String(int(rng, 0, 999999999)).padStart(9, '0')}`,
    email: `c${int(rng, 1, 1e9).toString(36)}@mail.example.cn`,
    birthDate: `${int(rng, 1960, 1998)}-${String(int(rng, 1, 12)).padStart(2, '0')}-${String(int(rng, 1, 28)).padStart(2, '0')}`,
  };
}

export type GeneratedTransaction = { date: string; amount: string; product: string; unit: string; quantity: string; price: string; breach: boolean };
export function transaction(rng: Rng, from: Date, to: Date): GeneratedTransaction {
  const d = new Date(from.getTime() + rng() * (to.getTime() - from.getTime()));
  const [product, unit] = pick(rng, products);
  const quantity = int(rng, 1, 500);
  const price = int(rng, 100, 200000) / 100;
  return { date: d.toISOString().slice(0, 10), amount: (quantity * price).toFixed(2), product, unit, quantity: String(quantity), price: price.toFixed(2), breach: rng() < 0.02 };
}
