// Vocabulary for generated Chinese names of people, places and organizations.
import type { Rng } from './prng.js';

// Common surnames with their rough frequency.
const surnames: readonly (readonly [string, number])[] = [
  '王72 李70 张66 刘54 陈45 杨31 黄23 赵20 吴19 周19 徐14 孙13 马12 朱12 胡11 郭11 何10 高10 林10 罗9',
  '郑9 梁8 谢7 宋7 唐7 许6 韩6 冯6 邓6 曹6 彭5 曾5 肖5 田5 董5 袁5 潘4 蒋4 蔡4 余4',
  '杜4 叶4 程4 苏4 魏4 吕4 丁4 任4 沈3 姚3 卢3 姜3 崔3 钟3 谭3 陆3 汪3 范3 金3 石3',
  '廖3 贾3 夏3 韦3 方3 白2 邹2 孟2 熊2 秦2 邱2 江2 尹2 薛2 段2 雷2 侯2 龙2 陶2 黎2',
  '贺2 顾2 毛2 郝2 龚2 邵2 万2 向2 覃2 冉2',
]
  .join(' ')
  .split(' ')
  .map((entry) => [entry[0]!, Number(entry.slice(1))] as const);
const maleChars =
  '国建明华文军平志伟强永俊德林忠海成勇刚伦兵斌波涛洪亮宏松柏贵福禄寿发祥荣昌顺安康群光辉锋坤鹏飞龙虎云山川江河清正义仁礼智信学春秋冬树生全家兴旺';
const femaleChars = '秀英兰芳玉珍凤丽梅琴霞燕红艳娟萍敏静慧婷雪琳颖莉娜芬桂春花月翠琼蓉莲菊彩霜';
const placeFirst =
  '龙石青白黄竹桃杨柳梅兴长新永安平太和丰福金银红马牛鹤凤清宝云高双三五九大小东西南北中上下花茶松柏莲桂兰鱼狮鸡凉温复胜联团合庆宁';
const placeSecond = '坪园潭溪河湾坝山岭口桥沟岩塘堡寨台田林庄家峰庙关池洞嘴垭场坡岗铺滩';
const [maleList, femaleList, firstList, secondList] = [maleChars, femaleChars, placeFirst, placeSecond].map(
  (s) => [...s],
) as [string[], string[], string[], string[]];
const cities = [
  '广东省东莞市',
  '广东省深圳市',
  '广东省广州市',
  '浙江省宁波市',
  '浙江省温州市',
  '福建省厦门市',
  '江苏省苏州市',
  '上海市闵行区',
  '重庆市渝北区',
  '四川省成都市',
  '湖北省武汉市',
  '北京市朝阳区',
];

export function personName(rng: Rng, female: boolean): string {
  const chars = female ? femaleList : maleList;
  const given = rng.chance(0.7) ? rng.pick(chars) + rng.pick(chars) : rng.pick(chars);
  return rng.weighted(surnames) + given;
}

/** A two-character place name not yet in `taken` (which it then joins). */
export function placeName(rng: Rng, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    let name = rng.pick(firstList) + rng.pick(secondList);
    if (attempt > 40) name += rng.pick(firstList);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

export const cityName = (rng: Rng) => rng.pick(cities);

export const governmentUnits = [
  '机关第一',
  '机关第二',
  '派出所',
  '财政所',
  '国土所',
  '司法所',
  '社保所',
  '综合执法大队',
];
export const institutionUnits = [
  '中心小学',
  '初级中学',
  '卫生院',
  '文化站',
  '农业服务中心',
  '畜牧兽医站',
  '敬老院',
  '水利站',
  '林业站',
  '幼儿园',
];
export const stateEnterpriseUnits = ['供电所', '邮政支局', '农村信用社', '粮站'];
export const enterpriseKinds = [
  '农业开发有限公司',
  '建材有限公司',
  '水泥厂',
  '食品有限公司',
  '矿业有限公司',
  '旅游开发有限公司',
];
export const socialOrgKinds = ['个体劳动者协会', '商会', '老年人协会', '种养殖协会'];
export const industries = [
  '煤炭产业',
  '脐橙产业',
  '烤烟产业',
  '茶叶产业',
  '中药材产业',
  '生猪养殖产业',
  '乡村旅游产业',
];
