#!/usr/bin/env python3
"""Write ontology/vocab/regions.ttl: every province-level division, prefecture-level city and county-level division.

Codes are the GB/T 2260 administrative-division codes (the six-digit 县以上行政区划代码 as published by
the Ministry of Civil Affairs, 2020s edition). Prefecture-level units include cities (市), autonomous
prefectures (自治州), prefectures (地区) and leagues (盟); a few sub-provincial county-level cities that
provinces administer directly (济源, 仙桃, 潜江, 天门, 神农架) are listed as cities too, because their plans read
like city plans. 莱芜市 (merged into 济南市 in 2019) is kept with its end date, for older documents.

County-level divisions (县, 县级市, 市辖区, 旗, 自治县, 自治旗, 特区, 林区) are read from
``scripts/data/areas-2023.csv`` (see ``scripts/data/README.md`` for its source and licence): the statistical
division codes of the National Bureau of Statistics, whose county-level codes are GB/T 2260's plus NBS-only
units, which are dropped here: development zones and other units with county digits 71–80
(石家庄高新技术产业开发区), and placeholders that are no division (西沙群岛, 大柴旦行政委员会). Each county is
``pk:CountyRegion`` with its type (``pk:divisionType``), ``skos:broader`` its prefecture, or its province where
it has none (a municipality's districts and counties, 省直辖县级行政区划), and ``pk:inProvince`` its province.
Its short form (新密市 → 新密, 长阳土家族自治县 → 长阳) is an altLabel only where it is unambiguous: two
characters at least, the short form of no other county, no form of a province or prefecture, and not a common
word (jieba's dictionary frequency, and ``COMMON`` below).

Run from the repository root:  python scripts/gen_regions.py
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "areas-2023.csv"

# province code, name, short form, one-character abbreviation (as in 文号: 豫发〔2018〕22号), hints
PROVINCES = """
110000 北京市 北京 京
120000 天津市 天津 津
130000 河北省 河北 冀 燕赵
140000 山西省 山西 晋 三晋
150000 内蒙古自治区 内蒙古 蒙
210000 辽宁省 辽宁 辽
220000 吉林省 吉林 吉
230000 黑龙江省 黑龙江 黑 龙江
310000 上海市 上海 沪 申城 浦东 黄浦江
320000 江苏省 江苏 苏 苏南 苏北
330000 浙江省 浙江 浙 钱江杯 钱塘江 之江 浙江制造 浙江名牌 浙江区域名牌 农业“两区”
340000 安徽省 安徽 皖 江淮 皖北 皖南
350000 福建省 福建 闽 八闽 海西
360000 江西省 江西 赣 赣鄱
370000 山东省 山东 鲁 齐鲁 泰山杯
410000 河南省 河南 豫 中原 中州杯 中原经济区
420000 湖北省 湖北 鄂 荆楚 楚天杯 长江质量奖
430000 湖南省 湖南 湘 三湘 芙蓉杯
440000 广东省 广东 粤 岭南 珠三角 粤港澳
450000 广西壮族自治区 广西 桂 八桂
460000 海南省 海南 琼 自贸港
500000 重庆市 重庆 渝 巴渝
510000 四川省 四川 川 天府 巴蜀 天府杯
520000 贵州省 贵州 黔 黔中
530000 云南省 云南 滇 七彩云南
540000 西藏自治区 西藏 藏
610000 陕西省 陕西 陕 三秦 长安杯
620000 甘肃省 甘肃 甘 陇
630000 青海省 青海 青
640000 宁夏回族自治区 宁夏 宁
650000 新疆维吾尔自治区 新疆 新 天山
710000 台湾省 台湾 台
810000 香港特别行政区 香港 港
820000 澳门特别行政区 澳门 澳
"""

# city code, name, [short forms...]; '+' marks extra place-name hints (rivers, landmarks)
CITIES = """
130100 石家庄市
130200 唐山市
130300 秦皇岛市 +北戴河
130400 邯郸市
130500 邢台市
130600 保定市
130700 张家口市
130800 承德市
130900 沧州市
131000 廊坊市
131100 衡水市
140100 太原市
140200 大同市
140300 阳泉市
140400 长治市
140500 晋城市
140600 朔州市
140700 晋中市
140800 运城市
140900 忻州市
141000 临汾市
141100 吕梁市
150100 呼和浩特市
150200 包头市
150300 乌海市
150400 赤峰市
150500 通辽市
150600 鄂尔多斯市
150700 呼伦贝尔市
150800 巴彦淖尔市
150900 乌兰察布市
152200 兴安盟
152500 锡林郭勒盟
152900 阿拉善盟
210100 沈阳市
210200 大连市
210300 鞍山市
210400 抚顺市
210500 本溪市
210600 丹东市
210700 锦州市
210800 营口市
210900 阜新市
211000 辽阳市
211100 盘锦市
211200 铁岭市
211300 朝阳市
211400 葫芦岛市
220100 长春市
220200 吉林市
220300 四平市
220400 辽源市
220500 通化市
220600 白山市
220700 松原市
220800 白城市
222400 延边朝鲜族自治州 延边州 延边
230100 哈尔滨市
230200 齐齐哈尔市
230300 鸡西市
230400 鹤岗市
230500 双鸭山市
230600 大庆市
230700 伊春市
230800 佳木斯市
230900 七台河市
231000 牡丹江市
231100 黑河市
231200 绥化市
232700 大兴安岭地区 大兴安岭
320100 南京市 +秦淮河 +金陵
320200 无锡市 +太湖
320300 徐州市
320400 常州市
320500 苏州市 +姑苏
320600 南通市
320700 连云港市
320800 淮安市
320900 盐城市
321000 扬州市
321100 镇江市
321200 泰州市
321300 宿迁市
330100 杭州市 +西湖 +钱塘
330200 宁波市 +甬江
330300 温州市 +瓯江 +飞云江 +鳌江 +温瑞塘河 +瓯江杯
330400 嘉兴市 +南湖
330500 湖州市
330600 绍兴市
330700 金华市 +义乌
330800 衢州市
330900 舟山市
331000 台州市
331100 丽水市
340100 合肥市
340200 芜湖市
340300 蚌埠市
340400 淮南市
340500 马鞍山市
340600 淮北市
340700 铜陵市
340800 安庆市
341000 黄山市
341100 滁州市
341200 阜阳市
341300 宿州市
341500 六安市
341600 亳州市
341700 池州市
341800 宣城市
350100 福州市 +闽江
350200 厦门市 +鹭岛
350300 莆田市
350400 三明市
350500 泉州市 +晋江
350600 漳州市
350700 南平市
350800 龙岩市
350900 宁德市
360100 南昌市
360200 景德镇市
360300 萍乡市
360400 九江市
360500 新余市
360600 鹰潭市
360700 赣州市
360800 吉安市
360900 宜春市
361000 抚州市
361100 上饶市
370100 济南市 +泉城
370200 青岛市
370300 淄博市
370400 枣庄市
370500 东营市
370600 烟台市
370700 潍坊市
370800 济宁市
370900 泰安市
371000 威海市
371100 日照市
371200 莱芜市 ~2019
371300 临沂市
371400 德州市
371500 聊城市
371600 滨州市
371700 菏泽市
410100 郑州市 +郑东新区 +航空港
410200 开封市
410300 洛阳市
410400 平顶山市
410500 安阳市
410600 鹤壁市
410700 新乡市
410800 焦作市
410900 濮阳市
411000 许昌市 +禹州 +长葛 +鄢陵 +襄城 +许昌大工匠
411100 漯河市
411200 三门峡市
411300 南阳市
411400 商丘市
411500 信阳市
411600 周口市
411700 驻马店市
419001 济源市
420100 武汉市 +江城
420200 黄石市
420300 十堰市
420500 宜昌市
420600 襄阳市
420700 鄂州市 +梁子湖 +鄂城区 +华容区 +葛店
420800 荆门市
420900 孝感市
421000 荆州市
421100 黄冈市
421200 咸宁市
421300 随州市
422800 恩施土家族苗族自治州 恩施州 恩施
429004 仙桃市
429005 潜江市
429006 天门市
429021 神农架林区 神农架
430100 长沙市
430200 株洲市
430300 湘潭市
430400 衡阳市
430500 邵阳市
430600 岳阳市
430700 常德市
430800 张家界市
430900 益阳市
431000 郴州市
431100 永州市
431200 怀化市
431300 娄底市
433100 湘西土家族苗族自治州 湘西州 湘西
440100 广州市 +羊城
440200 韶关市
440300 深圳市 +前海
440400 珠海市
440500 汕头市
440600 佛山市
440700 江门市
440800 湛江市
440900 茂名市
441200 肇庆市
441300 惠州市
441400 梅州市
441500 汕尾市
441600 河源市
441700 阳江市
441800 清远市
441900 东莞市
442000 中山市
445100 潮州市
445200 揭阳市
445300 云浮市
450100 南宁市
450200 柳州市
450300 桂林市 +漓江
450400 梧州市
450500 北海市
450600 防城港市
450700 钦州市
450800 贵港市
450900 玉林市
451000 百色市
451100 贺州市
451200 河池市
451300 来宾市
451400 崇左市
460100 海口市
460200 三亚市
460300 三沙市
460400 儋州市
510100 成都市 +天府新区
510300 自贡市
510400 攀枝花市
510500 泸州市
510600 德阳市
510700 绵阳市
510800 广元市
510900 遂宁市
511000 内江市
511100 乐山市
511300 南充市
511400 眉山市
511500 宜宾市
511600 广安市
511700 达州市
511800 雅安市
511900 巴中市
512000 资阳市
513200 阿坝藏族羌族自治州 阿坝州 阿坝
513300 甘孜藏族自治州 甘孜州 甘孜
513400 凉山彝族自治州 凉山州 凉山
520100 贵阳市
520200 六盘水市
520300 遵义市
520400 安顺市
520500 毕节市
520600 铜仁市
522300 黔西南布依族苗族自治州 黔西南州 黔西南
522600 黔东南苗族侗族自治州 黔东南州 黔东南
522700 黔南布依族苗族自治州 黔南州 黔南
530100 昆明市 +滇池
530300 曲靖市
530400 玉溪市
530500 保山市
530600 昭通市
530700 丽江市
530800 普洱市
530900 临沧市
532300 楚雄彝族自治州 楚雄州 楚雄
532500 红河哈尼族彝族自治州 红河州
532600 文山壮族苗族自治州 文山州 文山
532800 西双版纳傣族自治州 西双版纳州 西双版纳
532900 大理白族自治州 大理州 大理
533100 德宏傣族景颇族自治州 德宏州 德宏
533300 怒江傈僳族自治州 怒江州
533400 迪庆藏族自治州 迪庆州 迪庆
540100 拉萨市
540200 日喀则市
540300 昌都市
540400 林芝市
540500 山南市
540600 那曲市
542500 阿里地区
610100 西安市
610200 铜川市
610300 宝鸡市
610400 咸阳市
610500 渭南市
610600 延安市
610700 汉中市
610800 榆林市
610900 安康市
611000 商洛市
620100 兰州市
620200 嘉峪关市
620300 金昌市
620400 白银市
620500 天水市
620600 武威市
620700 张掖市
620800 平凉市
620900 酒泉市
621000 庆阳市
621100 定西市
621200 陇南市
622900 临夏回族自治州 临夏州 临夏
623000 甘南藏族自治州 甘南州 甘南
630100 西宁市
630200 海东市
632200 海北藏族自治州 海北州
632300 黄南藏族自治州 黄南州
632500 海南藏族自治州 海南州
632600 果洛藏族自治州 果洛州 果洛
632700 玉树藏族自治州 玉树州 玉树
632800 海西蒙古族藏族自治州 海西州
640100 银川市
640200 石嘴山市
640300 吴忠市
640400 固原市
640500 中卫市
650100 乌鲁木齐市
650200 克拉玛依市
650400 吐鲁番市
650500 哈密市
652300 昌吉回族自治州 昌吉州 昌吉
652700 博尔塔拉蒙古自治州 博州
652800 巴音郭楞蒙古自治州 巴州
652900 阿克苏地区 阿克苏
653000 克孜勒苏柯尔克孜自治州 克州
653100 喀什地区 喀什
653200 和田地区 和田
654000 伊犁哈萨克自治州 伊犁州 伊犁
654200 塔城地区 塔城
654300 阿勒泰地区 阿勒泰
"""

MUNICIPALITIES = {"110000", "120000", "310000", "500000"}

HEADER = """# Regions of China: every province-level, prefecture-level and county-level division, with GB/T 2260 codes.
# Generated by scripts/gen_regions.py; edit the script, not this file.
@prefix pk: <https://w3id.org/policykg/ontology#> .
@prefix pkv: <https://w3id.org/policykg/id/region/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

pkv:scheme a skos:ConceptScheme ;
    rdfs:label "中国行政区划(省级、地级、县级)"@zh ,
        "Administrative divisions of China (province, prefecture and county level)"@en ;
    rdfs:comment "GB/T 2260 codes; every province-level division, prefecture-level city and county-level division."@en .
"""


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _short(name: str) -> str | None:
    suffixes = ("特别行政区", "维吾尔自治区", "回族自治区", "壮族自治区", "自治区", "地区", "林区", "市", "省", "盟")
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def build() -> str:
    out = [HEADER]
    provinces: dict[str, str] = {}
    for line in PROVINCES.strip().splitlines():
        code, name, short, abbr, *hints = line.split()
        provinces[code[:2]] = code
        types = "pk:Province , pk:City" if code in MUNICIPALITIES else "pk:Province"
        triples = [f"a {types} , skos:Concept", "skos:inScheme pkv:scheme", f"skos:notation {_lit(code)}",
                   f"rdfs:label {_lit(name)}", f"skos:prefLabel {_lit(name)}", f"skos:altLabel {_lit(short)}",
                   f"pk:abbreviation {_lit(abbr)}"]
        triples += [f"pk:placeHint {_lit(h)}" for h in hints]
        out.append(f"pkv:{code}\n    " + " ;\n    ".join(triples) + " .\n")
    for line in CITIES.strip().splitlines():
        code, name, *rest = line.split()
        province = provinces[code[:2]]
        alts = [r for r in rest if not r.startswith(("+", "~"))]
        short = _short(name)
        if short and short not in alts and not name.endswith("自治州"):
            alts.insert(0, short)
        triples = ["a pk:City , skos:Concept", "skos:inScheme pkv:scheme", f"skos:notation {_lit(code)}",
                   f"rdfs:label {_lit(name)}", f"skos:prefLabel {_lit(name)}",
                   f"skos:broader pkv:{province}", f"pk:inProvince pkv:{province}"]
        triples += [f"skos:altLabel {_lit(a)}" for a in alts]
        triples += [f"pk:placeHint {_lit(r[1:])}" for r in rest if r.startswith("+")]
        triples += [f'pk:validUntil "{r[1:]}"^^xsd:gYear' for r in rest if r.startswith("~")]
        out.append(f"pkv:{code}\n    " + " ;\n    ".join(triples) + " .\n")
    out += counties(provinces)
    return "\n".join(out)


# --------------------------------------------------------------------------------------- counties

#: The 56 peoples, as an autonomous county's name writes them before 族 (长阳土家族自治县 → 长阳).
_PEOPLES = """汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜
水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯
鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"""
PEOPLES = tuple(_PEOPLES.split())
#: Division types by the name's ending, longest first.
TYPES = (("自治县", "自治县"), ("自治旗", "自治旗"), ("特区", "特区"), ("林区", "林区"), ("县", "县"), ("旗", "旗"),
         ("区", "市辖区"), ("市", "县级市"))
#: Short forms that are words or other places in the genre's prose (会同 "together with", 新建, 大城 in 大城市,
#: 滨海, 路桥 "roads and bridges", a lake, a mountain or a province's hint): never an altLabel.
_COMMON = """中原 古城 商城 新建 太平 江山 南海 东湖 南湖 天山 泰山 西湖 海港 滨海 路桥 运河 河西 河东 天桥 温泉 龙门
新河 大城 城西 城北 城东 城南 城中 市中 东城 西城 新城 南山 北山 西山 东山 江北 江南 长安 和平 永安 光明 文明 平安
安定 富民 振兴 红旗 东风 前进 向阳 团结 胜利 新华 新兴 清河 东港 南部 会同 开平 西安 沙市 庐山 黄山 华山 衡山 恒山
井冈山 五台山 龙泉 金山 宝山 凤凰 莲花 石门 高新 经开 工农 友好 友谊 和田 东方 东海 南岸 北流 大同 张家 中山 阳光
江海 海陵 湖滨 港口 港北 港南 城关 矿区 郊区 新市 市南 市北 南市"""
COMMON = set(_COMMON.split())


def _jieba_words() -> dict[str, tuple[int, str]]:
    """Word → (frequency, part of speech) from jieba's dictionary (a project dependency), for common words."""
    try:
        import jieba
    except ImportError:
        return {}
    words = {}
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


def county_short(name: str) -> str | None:
    """新密市 → 新密, 永川区 → 永川, 长阳土家族自治县 → 长阳, 莫力达瓦达斡尔族自治旗 → 莫力达瓦; None where
    nothing is left (鄂伦春自治旗)."""
    peoples = "|".join(sorted(PEOPLES, key=len, reverse=True))
    auto = re.fullmatch(rf"(.+?)(?:(?:{peoples})族?|各族)+自治[县旗]", name)   # 察布查尔锡伯自治县, 隆林各族自治县
    if auto:
        return auto.group(1)
    if name.endswith(("自治县", "自治旗")):
        return None                                   # 鄂伦春自治旗: the people is the name
    for suffix, _ in TYPES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def division_type(name: str) -> str:
    return next(kind for suffix, kind in TYPES if name.endswith(suffix))


def read_counties(path: Path = DATA) -> list[tuple[str, str]]:
    """(code, name) of every county-level division in the data file, NBS-only units left out."""
    with path.open(encoding="utf-8") as f:
        rows = [(r["code"], r["name"]) for r in csv.DictReader(f)]
    return [(code, name) for code, name in rows
            if not 71 <= int(code[4:]) <= 80 and not re.search(r"群岛|海域|行政委员会|管委会", name)]


def counties(provinces: dict[str, str]) -> list[str]:
    cities = {line.split()[0] for line in CITIES.strip().splitlines()}
    taken = {f for line in (*PROVINCES.strip().splitlines(), *CITIES.strip().splitlines())
             for f in line.split()[1:] if not f.startswith("~")}
    taken |= {f[1:] for f in taken if f.startswith("+")}
    taken |= {s for line in CITIES.strip().splitlines() if (s := _short(line.split()[1]))}
    rows = [(code, name) for code, name in read_counties() if code not in cities]
    shorts = Counter(county_short(name) for _, name in rows)
    fulls = {name for _, name in rows}
    words = _jieba_words()
    out = []
    for code, name in rows:
        province = provinces[code[:2]]
        parent = f"{code[:4]}00" if f"{code[:4]}00" in cities else province
        short = county_short(name)
        freq, pos = words.get(short or "", (0, ""))
        common = short in COMMON or (freq >= 300 and pos != "ns") or freq >= 5000
        triples = ["a pk:CountyRegion , skos:Concept", "skos:inScheme pkv:scheme", f"skos:notation {_lit(code)}",
                   f"rdfs:label {_lit(name)}", f"skos:prefLabel {_lit(name)}", f"skos:broader pkv:{parent}",
                   f"pk:inProvince pkv:{province}", f"pk:divisionType {_lit(division_type(name))}"]
        if short and len(short) >= 2 and shorts[short] == 1 and short not in taken and short not in fulls \
                and not common:
            triples.append(f"skos:altLabel {_lit(short)}")
        out.append(f"pkv:{code}\n    " + " ;\n    ".join(triples) + " .\n")
    return out


def main() -> None:
    target = Path(__file__).resolve().parents[1] / "ontology" / "vocab" / "regions.ttl"
    target.write_text(build(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
