"""Audit of the GB/T 4754-2017 mapping of industries (issue 15): phrases of the genre, each with the code it must
get, or None where no one class of the classification fits (tourism, culture, the food industry as a whole,
strategic-emerging umbrellas, ...): such phrases may link to a concept, but never to a coded one.

Codes are GB/T 4754-2017: a section letter (G 交通运输、仓储和邮政业), a two-digit division, a three-digit group or a
four-digit class. The phrases are the genre's wordings of industry lists, written for this test from the
classification, not taken from the vocabulary.
"""

from __future__ import annotations

import re

import pytest
from rdflib.namespace import SKOS

from policykg.ingest.link.concept import Concept
from policykg.ingest.link.vocabulary import packaged

AUDIT: list[tuple[str, str | None]] = [
    # agriculture, forestry, animal husbandry, fishery
    ("农业", "01"), ("种植业", "01"), ("蔬菜", "01"), ("水果", "01"), ("粮食", "01"), ("花卉", "01"),
    ("食用菌", "01"), ("中药材", "017"), ("林业", "02"), ("畜牧业", "03"), ("生猪养殖", "03"), ("畜禽养殖", "03"),
    ("渔业", "04"), ("水产养殖", "04"), ("种业", "05"), ("现代种业", "05"), ("现代农业", "A"), ("特色农业", "A"),
    ("农林牧渔业", "A"), ("蜂产品", None),
    # mining
    ("煤炭", "06"), ("油气开采", "07"), ("稀土", "09"), ("钨", "09"),
    # food, drink, tobacco
    ("农产品加工", "13"), ("粮油加工", "13"), ("饲料", "13"), ("食品制造", "14"), ("乳制品", "14"),
    ("调味品", "14"), ("食品", None), ("食品工业", None), ("食品饮料", None), ("白酒", "15"), ("饮料", "15"),
    ("葡萄酒", "15"), ("精制茶", "15"), ("茶叶", None), ("烟草", "16"),
    # light industry
    ("纺织", "17"), ("丝绸", "17"), ("印染", "17"), ("服装", "18"), ("服饰", "18"), ("纺织服装", None),
    ("鞋业", "19"), ("皮革", "19"), ("箱包", "19"), ("木材加工", "20"), ("家具", "21"), ("造纸", "22"),
    ("印刷", "23"), ("工艺美术", "24"), ("玩具", "24"), ("体育用品", "24"), ("家居", None), ("儿童用品", None),
    # chemicals, pharmaceuticals, materials
    ("炼油", "25"), ("石化", None), ("石油化工", None), ("化工", "26"), ("精细化工", "26"), ("涂料", "26"),
    ("生物医药", "27"), ("医药", "27"), ("现代中药", "27"), ("中医药", None), ("化纤", "28"), ("轮胎", "29"),
    ("塑料制品", "29"), ("建材", "30"), ("陶瓷", "30"), ("玻璃", "30"), ("水泥", "30"), ("石材", "30"),
    ("钢铁", "31"), ("特钢", "31"), ("有色金属", "32"), ("铝加工", "32"), ("五金", "33"), ("金属制品", "33"),
    ("新材料", None), ("化工新材料", None),
    # machinery and equipment
    ("电梯", "34"), ("电梯及关键零部件", "34"), ("泵阀", "34"), ("轴承", "34"), ("数控机床", "34"),
    ("工业机器人", "34"), ("机器人", "34"), ("通用设备", "34"), ("工程机械", "35"), ("农业机械", "35"),
    ("医疗器械", "35"), ("高端医疗器械", "35"), ("环保装备", "35"), ("矿山机械", "35"), ("食品机械", "35"),
    ("汽车", "36"), ("汽车零部件", "36"), ("新能源汽车", "36"), ("智能网联汽车", "36"), ("船舶", "37"),
    ("轨道交通装备", "37"), ("海洋工程装备", "37"), ("航空航天", "374"), ("无人机", "374"), ("通用航空", None),
    ("电气机械", "38"), ("电力装备", "38"), ("电线电缆", "38"), ("家电", "38"), ("动力电池", "38"),
    ("锂电池", "38"), ("储能电池", "38"), ("照明器具", "38"), ("电子信息", "39"), ("集成电路", "39"),
    ("新型显示", "39"), ("半导体", "39"), ("电子元器件", "39"), ("智能终端", "39"), ("仪器仪表", "40"),
    ("装备制造", None), ("机械", None), ("高端装备", None), ("智能制造", None), ("节能环保", None),
    ("新能源", None), ("光伏", None), ("氢能", None), ("新一代信息技术", None), ("人工智能", None),
    ("物联网", None), ("大数据", None), ("数字经济", None), ("数字创意", None), ("制造业", "C"),
    # utilities and construction
    ("电力", "44"), ("供热", "44"), ("燃气", "45"), ("供水", "46"), ("污水处理", "46"), ("建筑业", "E"),
    ("建筑", "E"), ("房屋建筑", "47"), ("市政工程", "48"), ("建筑装饰", "50"), ("装配式建筑", None),
    # trade, transport, logistics
    ("商贸", "F"), ("贸易", "F"), ("商贸流通", "F"), ("批发", "51"), ("零售", "52"), ("电子商务", None),
    ("交通运输", "G"), ("交通运输业", "G"), ("物流", "G"), ("现代物流", "G"), ("冷链物流", "G"),
    ("铁路运输", "53"), ("公共交通", "54"), ("出租车", "54"), ("道路运输", "54"), ("港口", "55"),
    ("航运", "55"), ("航空物流", "56"), ("民航", "56"), ("临空经济", None), ("仓储", "59"), ("快递", "60"),
    ("邮政", "60"),
    # hospitality and tourism
    ("住宿", "61"), ("酒店", "61"), ("民宿", "61"), ("餐饮", "62"), ("住宿餐饮", "H"), ("旅游", None),
    ("旅游业", None), ("全域旅游", None), ("文化旅游", None), ("乡村旅游", None), ("旅行社", "72"),
    ("景区", "786"), ("景区管理", "786"),
    # information, finance, real estate, business services
    ("电信", "63"), ("通信", None), ("互联网", "64"), ("软件", "65"), ("软件和信息服务", "65"),
    ("信息技术服务", "65"), ("信息服务", "I"), ("金融", "J"), ("金融服务", "J"), ("银行", "66"),
    ("融资租赁", "66"), ("证券", "67"), ("保险", "68"), ("房地产", "70"), ("物业管理", "70"), ("物业", "70"),
    ("租赁", "71"), ("会展", "72"), ("咨询", "72"), ("人力资源服务", "72"), ("法律服务", "72"), ("广告", "72"),
    # science, technology, quality infrastructure
    ("科技服务", "M"), ("研发设计", "M"), ("研发", "73"), ("检验检测", "74"), ("检验检测认证", "74"),
    ("工业设计", "74"), ("计量服务", "74"), ("认证认可", "74"), ("工程设计", "74"), ("知识产权服务", "75"),
    ("科技推广", "75"), ("知识产权", None),
    # environment, public facilities
    ("环境治理", "77"), ("生态保护", "77"), ("固废处理", "77"), ("环境卫生", "78"), ("园林绿化", "78"),
    # household, health, education, culture, sport
    ("家政服务", "80"), ("家政", "80"), ("托育", "80"), ("美容美发", "80"), ("汽车维修", "81"),
    ("售后服务", None), ("教育培训", "83"), ("职业教育", "83"), ("医疗卫生", "84"), ("医疗服务", "84"),
    ("大健康", None), ("健康", None), ("康养", None), ("养老服务", "85"), ("养老", "85"), ("出版", "86"),
    ("影视", "87"), ("广播电视", "87"), ("演艺", "88"), ("文化艺术", "88"), ("文化", None), ("文化产业", None),
    ("文化创意", None), ("体育", None), ("体育产业", None), ("体育服务", "89"), ("健身休闲", "89"),
    ("娱乐", "90"), ("生产性服务业", None), ("生活性服务业", None), ("包装", None),
]


def resolve(phrase: str) -> Concept | None:
    """What extraction resolves an industry name to (ingest/industries.py: the name, else without 产业/行业)."""
    vocab = packaged()
    return vocab.lookup("industry", phrase) or vocab.lookup("industry", re.sub("(?:产业|行业)$", "", phrase))


def notation(concept: Concept | None) -> str | None:
    if concept is None:
        return None
    value = packaged()._graph("industries").value(concept.iri, SKOS.notation)
    return str(value) if value is not None else None


def test_the_audit_is_large_and_unique() -> None:
    phrases = [p for p, _ in AUDIT]
    assert len(phrases) >= 150
    assert len(set(phrases)) == len(phrases)


@pytest.mark.parametrize(("phrase", "code"), AUDIT)
def test_industry_code(phrase: str, code: str | None) -> None:
    assert notation(resolve(phrase)) == code


def test_tourism_is_no_one_class() -> None:
    tourism = resolve("旅游")
    assert tourism is not None and notation(tourism) is None
    graph = packaged()._graph("industries")
    related = {str(o).rsplit("-", 1)[-1] for o in graph.objects(tourism.iri, SKOS.related)}
    assert {"61", "62", "786"} <= related
    assert "7291" in str(graph.value(tourism.iri, SKOS.scopeNote))
