#!/usr/bin/env python3
"""Write ontology/vocab/awards.ttl and ontology/vocab/industries.ttl from the tables below.

Award programmes (prizes for enterprises, projects or people) carry a level, a sector and the awarding
body; every province's own government quality award is one concept, whatever form a text uses
(河南省省长质量奖 / 河南省政府质量奖 / 省长质量奖 in a 河南 document). Designations are titles pursued by
regions. Industries carry their GB/T 4754-2017 code where one exists and a strategic-emerging flag
(战略性新兴产业分类(2018)).

Run from the repository root:  python scripts/gen_vocab.py
"""

from __future__ import annotations

from pathlib import Path

PREFIXES = """@prefix pk: <https://w3id.org/policykg/ontology#> .
@prefix pkr: <https://w3id.org/policykg/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# slug | label | level | sector | awarding body | altLabels (;-separated)
AWARDS = """
china-quality-award|中国质量奖|National|quality|国家市场监督管理总局(原国家质检总局)|
china-quality-award-nominee|中国质量奖提名奖|National|quality|国家市场监督管理总局(原国家质检总局)|
national-quality-award-caq|全国质量奖|National|quality|中国质量协会|全国质量管理奖
china-standard-innovation|中国标准创新贡献奖|National|standards|国家市场监督管理总局(国家标准化管理委员会)|标准创新贡献奖
china-industry-award|中国工业大奖|National|quality|中国工业经济联合会|
china-patent-award|中国专利奖|National|innovation|国家知识产权局|中国专利金奖;中国外观设计金奖
luban|鲁班奖|National|construction|中国建筑业协会|中国建设工程鲁班奖;建设工程鲁班奖;国家建筑工程奖;鲁班奖(国家优质工程);国优工程鲁班奖
national-quality-project|国家优质工程奖|National|construction|中国施工企业管理协会|国家优质工程;国家优质工程金奖
zhan-tianyou|詹天佑奖|National|construction|中国土木工程学会|中国土木工程詹天佑奖;詹天佑土木工程大奖
dayu|大禹奖|National|water|中国水利工程协会|中国水利工程优质(大禹)奖;中国水利工程优质奖
municipal-gold-cup|全国市政金杯奖|National|construction|中国市政工程协会|中国市政金杯示范工程;市政金杯示范工程;全国市政金杯示范工程;市政金杯奖
steel-structure-gold|中国钢结构金奖|National|construction|中国建筑金属结构协会|钢结构金奖
decoration-award|中国建筑工程装饰奖|National|construction|中国建筑装饰协会|全国建筑工程装饰奖
installation-star|中国安装之星|National|construction|中国安装协会|中国安装工程优质奖
li-chun|李春奖|National|transport|中国公路建设行业协会|公路交通优质工程奖
power-quality-project|中国电力优质工程奖|National|construction|中国电力建设企业协会|
changcheng-cup|长城杯|Provincial|construction|北京市|北京市结构长城杯;北京市建筑长城杯
haihe-cup|海河杯|Provincial|construction|天津市|
anji-cup|安济杯|Provincial|construction|河北省|
fenshui-cup|汾水杯|Provincial|construction|山西省|
caoyuan-cup|草原杯|Provincial|construction|内蒙古自治区|
shiji-cup|世纪杯|Provincial|construction|辽宁省|
baiyulan|白玉兰奖|Provincial|construction|上海市|白玉兰杯;上海市建设工程白玉兰奖
yangzi-cup|扬子杯|Provincial|construction|江苏省|江苏省优质工程奖扬子杯
qianjiang-cup|钱江杯|Provincial|construction|浙江省|浙江省建设工程钱江杯;钱江杯奖
huangshan-cup|黄山杯|Provincial|construction|安徽省|安徽省建设工程黄山杯
minjiang-cup|闽江杯|Provincial|construction|福建省|
dujuanhua-cup|杜鹃花杯|Provincial|construction|江西省|
taishan-cup|泰山杯|Provincial|construction|山东省|山东省建筑质量泰山杯
zhongzhou-cup|中州杯|Provincial|construction|河南省|河南省建设工程中州杯;中州杯奖
chutian-cup|楚天杯|Provincial|construction|湖北省|省建设优质工程楚天杯奖;湖北省建设优质工程(楚天杯);楚天杯奖;湖北省建设优质工程楚天杯奖
furong-cup|芙蓉杯|Provincial|construction|湖南省|湖南省建设工程芙蓉奖;芙蓉奖
zhenwu-cup|真武阁杯|Provincial|construction|广西壮族自治区|
lvdao-cup|绿岛杯|Provincial|construction|海南省|
bayu-cup|巴渝杯|Provincial|construction|重庆市|
tianfu-cup|天府杯|Provincial|construction|四川省|
huangguoshu-cup|黄果树杯|Provincial|construction|贵州省|
changan-cup|长安杯|Provincial|construction|陕西省|
feitian|飞天奖|Provincial|construction|甘肃省|甘肃省建设工程飞天奖
jiangheyuan-cup|江河源杯|Provincial|construction|青海省|
xixia-cup|西夏杯|Provincial|construction|宁夏回族自治区|
tianshan|天山奖|Provincial|construction|新疆维吾尔自治区|
hubei-municipal-gold|省市政示范工程金奖|Provincial|construction|湖北省市政工程协会|湖北省市政示范工程金奖
oujiang-cup|瓯江杯|Municipal|construction|温州市|温州市建设工程瓯江杯
"""

# Provincial government quality awards: province, label, extra alt labels
PROVINCIAL_QUALITY = """
北京市|北京市人民政府质量管理奖|北京市政府质量管理奖;北京市质量管理奖
天津市|天津市人民政府质量奖|天津市质量奖;天津市市长质量奖
河北省|河北省政府质量奖|河北省人民政府质量奖
山西省|山西省人民政府质量奖|山西省质量奖
内蒙古自治区|内蒙古自治区主席质量奖|内蒙古自治区人民政府质量奖
辽宁省|辽宁省省长质量奖|辽宁省质量奖
吉林省|吉林省人民政府质量奖|吉林省质量奖
黑龙江省|黑龙江省人民政府质量奖|黑龙江省质量奖
上海市|上海市质量金奖|上海市市长质量奖
江苏省|江苏省质量奖|江苏省人民政府质量奖
浙江省|浙江省政府质量奖|浙江省人民政府质量奖
安徽省|安徽省政府质量奖|安徽省人民政府质量奖
福建省|福建省政府质量奖|福建省人民政府质量奖
江西省|江西省井冈质量奖|江西省政府质量奖;井冈质量奖
山东省|山东省省长质量奖|山东省人民政府质量奖
河南省|河南省省长质量奖|河南省人民政府质量奖
湖北省|湖北省长江质量奖|湖北省政府质量奖;长江质量奖
湖南省|湖南省省长质量奖|湖南省人民政府质量奖
广东省|广东省政府质量奖|广东省人民政府质量奖
广西壮族自治区|广西壮族自治区主席质量奖|广西主席质量奖
海南省|海南省省长质量奖|海南省人民政府质量奖
重庆市|重庆市市长质量管理奖|重庆市市长质量奖;重庆市政府质量奖
四川省|四川天府质量奖|四川省政府质量奖;天府质量奖;四川省天府质量奖
贵州省|贵州省省长质量奖|贵州省人民政府质量奖
云南省|云南省省长质量奖|云南省人民政府质量奖
西藏自治区|西藏自治区主席质量奖|西藏自治区人民政府质量奖
陕西省|陕西省质量奖|陕西省人民政府质量奖
甘肃省|甘肃省人民政府质量奖|甘肃省质量奖;甘肃省政府质量奖
青海省|青海省政府质量奖|青海省人民政府质量奖
宁夏回族自治区|宁夏回族自治区主席质量奖|宁夏主席质量奖
新疆维吾尔自治区|新疆维吾尔自治区主席质量奖|新疆自治区主席质量奖
"""

# slug | label | level | sector | conferring body | altLabels
DESIGNATIONS = """
quality-city-demo|全国质量强市示范城市|National|quality|国家市场监督管理总局(原国家质检总局)|质量强市示范城市
brand-demo-zone|全国知名品牌创建示范区|National|brand|国家市场监督管理总局(原国家质检总局)|全国知名品牌示范区;知名品牌创建示范区;知名品牌示范区;全国产业知名品牌创建示范区
brand-demo-zone-provincial|省级知名品牌创建示范区|Provincial|brand|省市场监督管理局|省知名品牌创建示范区;省级知名品牌示范区
quality-county-demo|质量强县示范县|Provincial|quality|省质量强省工作领导小组|质量强县(市、区);质量强县示范县(市、区);质量强县(市、区)示范县;省级质量强县示范县;省级质量强县
quality-county-demo-national|全国质量强县示范县|National|quality|国家市场监督管理总局(原国家质检总局)|全国质量强县示范县(市、区);国家级质量强县示范县;全国质量强县
quality-town|质量强镇|County|quality|县(市、区)人民政府|质量强镇(乡、街道);质量强镇(街道);质量强乡镇
export-safety-zone|国家级出口质量安全示范区|National|quality|海关总署(原国家质检总局)|出口质量安全示范区;国家级出口食品农产品质量安全示范区;出口食品农产品质量安全示范区;国家级出口工业产品质量安全示范区
food-trade-safety-zone|食品进出口质量安全示范区|National|food|海关总署(原国家质检总局)|
organic-demo-zone|全国有机产品认证示范区|National|certification|国家认证认可监督管理委员会|国家有机产品认证示范区;有机产品认证示范区;国家有机产品认证示范创建区
food-safety-city|国家食品安全示范城市|National|food|国务院食品安全委员会|国家食品安全城市;食品安全示范城市
standard-reform-zone|全国标准化改革创新先行区|National|standards|国家标准化管理委员会|标准化改革创新先行区
ag-standard-demo|国家农业标准化示范区|National|standards|国家标准化管理委员会|农业标准化示范区;国家级农业标准化示范区
ag-standard-demo-provincial|省级农业标准化示范区|Provincial|standards|省市场监督管理局|省农业标准化示范区
ecommerce-quality-zone|全国电子商务质量提升示范区|National|quality|国家市场监督管理总局(原国家质检总局)|电子商务质量提升示范区
ecommerce-base|国家电子商务示范基地|National|commerce|商务部|电子商务示范基地
ecommerce-city|国家电子商务示范城市|National|commerce|国家发展和改革委员会|电子商务示范城市
testing-cluster|国家级高技术检验检测认证服务业集聚区|National|testing|国家市场监督管理总局(原国家质检总局)|国家检验检测高技术服务业集聚区;检验检测认证服务业集聚区
service-demo-zone|省级现代服务业示范区|Provincial|service|省人民政府|现代服务业示范区
producer-service-zone|生产性服务功能示范区|Provincial|service|省人民政府|
ecological-county|国家生态县|National|environment|生态环境部(原环境保护部)|生态县;生态县(市、区);国家级生态县
ecological-town|生态乡镇|National|environment|生态环境部(原环境保护部)|国家级生态乡镇;省级生态乡镇;市级生态乡镇
ecological-village|市级生态村|Municipal|environment|市人民政府|生态村;省级生态村
env-model-city|国家环保模范城市|National|environment|生态环境部(原环境保护部)|环保模范城市
eco-civilization-demo|国家生态文明建设示范市县|National|environment|生态环境部|国家生态文明建设示范市;国家生态文明建设示范县;国家生态文明建设示范区
civilized-city|全国文明城市|National|civic|中央精神文明建设指导委员会|
sanitary-city|国家卫生城市|National|health|全国爱国卫生运动委员会|
garden-city|国家园林城市|National|environment|住房和城乡建设部|
forest-city|国家森林城市|National|environment|国家林业和草原局|
ag-safety-county|国家农产品质量安全县|National|food|农业农村部|农产品质量安全县;国家农产品质量安全市
ag-modern-demo|国家现代农业示范区|National|agriculture|农业农村部|现代农业示范区
industrial-cluster-demo|国家重点产业集群示范建设单位|National|industry|国家市场监督管理总局(原国家质检总局)|
zhejiang-regional-brand|浙江省区域名牌|Provincial|brand|浙江省质量技术监督局|浙江区域名牌
quality-province-demo-unit|省推进质量强省建设示范单位|Provincial|quality|省质量强省工作领导小组|
characteristic-town|特色小镇|Provincial|industry|省人民政府|
metrology-city|国家计量示范城市|National|metrology|国家市场监督管理总局|
"""

# GB/T 4754-2017 code (or -) | label | strategic emerging (1/0) | altLabels
# key | label | emerging | altLabels | notation (GB/T 4754-2017 section letter, division, group or class; empty
# where no one class fits) | related classes (;-separated). A digit key is its own notation (slug gbt4754-KEY); a key
# "S-X" is section X (slug gbt4754-X); any other key is a concept no class fits (slug x-key), such as 旅游, whose
# activities the classification spreads over 住宿 (61), 餐饮 (62), 旅行社 (7291) and 游览景区管理 (786): it is
# linked to them with skos:related, never coded as one of them. Audited by tests/test_industries_audit.py.
INDUSTRIES = """
S-A|农、林、牧、渔业|0|农林牧渔业;农林牧渔|A|
01|农业|0|种植业;蔬菜;果蔬;水果;马铃薯;林果;优质林果;粮食;粮食种植;花卉;食用菌||
02|林业|0|林业;林木育种;造林||
05|农、林、牧、渔专业及辅助性活动|0|种业;制种;种子种苗;现代种业;农业社会化服务||
A|现代农业|0|生态高端农业;高效生态农业;生态农业;特色农业;现代农业产业|A|
03|畜牧业|0|草食畜牧;草食畜牧业;畜禽养殖;生猪养殖;生猪;家禽养殖||
04|渔业|0|海洋渔业;水产养殖;水产||
06|煤炭开采和洗选业|0|煤炭;煤炭开采||
07|石油和天然气开采业|0|石油天然气;油气开采||
09|有色金属矿采选业|0|稀土;钨;钨业;稀有金属;有色金属采选||
13|农副食品加工业|0|农产品加工;农产品精深加工;粮油加工;肉类加工;屠宰及肉类加工;饲料;饲料加工||
14|食品制造业|0|食品制造;乳制品;调味品;方便食品;焙烤食品||
FOOD|食品工业|0|食品;食品产业;食品及相关产品;食品饮料;食品加工||13;14;15
15|酒、饮料和精制茶制造业|0|酒类;白酒;饮料;酿酒;精制茶;葡萄酒;啤酒||
TEA|茶产业|0|茶叶;茶业||0164;153
16|烟草制品业|0|烟草;卷烟||
17|纺织业|0|纺织;丝绸;棉纺;印染||
18|纺织服装、服饰业|0|服装;服饰;服装服饰;针织服装||
TEX|纺织服装|0|纺织服饰;纺织服装产业||17;18
19|皮革、毛皮、羽毛及其制品和制鞋业|0|鞋业;制鞋;皮革;箱包;制革||
20|木材加工和木、竹、藤、棕、草制品业|0|木材加工;竹木加工;木制品||
21|家具制造业|0|家具;家具制造||
22|造纸和纸制品业|0|造纸;纸制品||
23|印刷和记录媒介复制业|0|印刷;包装印刷||
24|文教、工美、体育和娱乐用品制造业|0|文体用品;工艺美术;玩具;体育用品;工艺品||
25|石油、煤炭及其他燃料加工业|0|炼油;原油加工;炼焦||
PETCHEM|石油化工|0|石化;石油化工产业||25;26
26|化学原料和化学制品制造业|0|化工;化学工业;精细化工;化学原料;化肥;涂料;日用化学品||
27|医药制造业|1|生物医药;医药;现代中药;天然药物;化学药;中成药;生物制药;医药制造||
28|化学纤维制造业|0|化纤;化学纤维||
29|橡胶和塑料制品业|0|塑料制品;橡胶制品;轮胎;塑料||
30|非金属矿物制品业|0|建材;建筑材料;陶瓷;玻璃;水泥;建筑防水卷材;金刚石;超硬材料;石材;耐火材料||
31|黑色金属冶炼和压延加工业|0|钢铁;特钢;冶金||
32|有色金属冶炼和压延加工业|0|有色金属;铝加工;有色冶金;铜加工;稀土新材料||
33|金属制品业|0|五金;金属制品;不锈钢制品||
34|通用设备制造业|0|通用设备;泵阀;电梯;电梯及关键零部件;电梯及零部件;冷链设备;轴承;机床;数控机床;机器人;工业机器人;阀门;锅炉||
35|专用设备制造业|0|专用设备;农业机械;农机装备;烟草机械;矿山机械;食品机械;工程机械;医疗器械;高端医疗器械;医疗装备;环保装备;节能环保装备||
36|汽车制造业|0|汽车;汽车及零部件;汽车零部件;整车制造||
C2|新能源汽车|1|新能源汽车和智能网联汽车;智能网联汽车;新能源汽车产业|36|
37|铁路、船舶、航空航天和其他运输设备制造业|0|船舶;轨道交通装备;船舶海工;海洋工程装备;船舶制造;摩托车;自行车||
374|航空、航天器及设备制造|1|航空航天装备;航空航天;航空装备;无人机||
38|电气机械和器材制造业|0|电气机械;电力装备;低压电器;电线电缆;输变电装备;家电;家用电器;智能家电;动力电池;锂电池;电池;电机;照明器具;储能电池||
39|计算机、通信和其他电子设备制造业|1|电子信息;电子信息制造;集成电路;光电子;微电子;新型显示;半导体;电子元器件;通信设备;智能终端;计算机||
40|仪器仪表制造业|0|仪器仪表;智能仪表||
S-C|制造业|0|制造业;工业|C|
C|高端装备制造|1|高端装备;高端装备制造业;智能装备;机器人及高端智能装备;机器人及数控机床;先进装备制造;机器人及智能装备||
C9|装备制造|0|装备制造业;机械装备;机械制造;机械||34;35;36;37;38;39;40
C8|智能制造|1|智能制造装备||
C1|新材料|1|新材料产业;先进材料;化工新材料||
C3|节能环保|1|节能环保产业;环保产业||35;77
C4|新能源|1|新能源产业;光伏;风电;晶硅光伏;氢能;新能源装备||
C5|生物医药及高端医疗器械|1|生物;生物产业;生物技术||
C6|新一代信息技术|1|新一代信息技术产业;信息技术;物联网;云计算;大数据;新一代移动通讯;人工智能;5G||
C7|数字创意|1|数字创意产业;文化创意;文化创意产业||
D|数字经济|1|数字经济产业;数字产业;数字产业化||
44|电力、热力生产和供应业|0|供电;电力;电力能源;热力;供热;电力生产||
45|燃气生产和供应业|0|燃气;供气||
46|水的生产和供应业|0|供水;自来水;污水处理||
S-E|建筑业|0|建筑业;建筑;建筑施工;建筑工程业|E|
47|房屋建筑业|0|房屋建筑;房屋建筑施工||
48|土木工程建筑业|0|土木工程;市政工程;道路工程;水利工程建筑||
50|建筑装饰、装修和其他建筑业|0|建筑装饰;装饰装修;建筑装饰装修;家装||
S-F|批发和零售业|0|批发和零售业;商贸;贸易;商贸流通;商业;批发零售;商贸服务|F|
51|批发业|0|批发;批发业||
52|零售业|0|零售;零售业;商超||
S-G|交通运输、仓储和邮政业|0|交通运输;交通运输业;物流;现代物流;智能物流;交通物流;冷链物流;物流业;运输|G|
53|铁路运输业|0|铁路运输||
54|道路运输业|0|公路运输;道路运输;公共交通;城市公共交通;出租车;客运||
55|水上运输业|0|水运;港口;航运;港航||
56|航空运输业|0|航空物流;航空运输;民航;航空货运||
58|多式联运和运输代理业|0|多式联运;货运代理;运输代理||
59|装卸搬运和仓储业|0|仓储;仓储服务||
60|邮政业|0|邮政;快递;寄递;快递服务||
S-H|住宿和餐饮业|0|住宿餐饮;住宿和餐饮业|H|
61|住宿业|0|住宿;酒店;饭店;民宿;宾馆||
62|餐饮业|0|餐饮;餐饮服务||
S-I|信息传输、软件和信息技术服务业|0|信息服务;信息;信息传输;信息服务业|I|
63|电信、广播电视和卫星传输服务|0|电信;通信服务;电信服务||
64|互联网和相关服务|1|互联网;互联网服务||
65|软件和信息技术服务业|1|软件;软件和信息服务;软件和信息技术服务;信息技术服务;软件服务;数据服务;软件产业||
S-J|金融业|0|金融;金融服务;金融业|J|
66|货币金融服务|0|银行;银行业;融资租赁||
67|资本市场服务|0|证券;期货;证券期货||
68|保险业|0|保险||
70|房地产业|0|房地产;物业;物业管理;物业服务||
71|租赁业|0|租赁;设备租赁;汽车租赁||
72|商务服务业|0|商务服务;会展;咨询;人力资源服务;法律服务;广告;旅行社;会计;会展服务;咨询服务;商务||
S-M|科学研究和技术服务业|0|科技服务;科技;研发设计;科技服务业|M|
73|研究和试验发展|0|研发;研究开发||
74|专业技术服务业|0|检验检测产业;检验检测;检验检测认证;工业设计;质检技术服务;计量服务;认证认可;标准化服务;工程设计;测绘;检测认证||
75|科技推广和应用服务业|0|知识产权服务;科技推广;技术推广;科技中介||
77|生态保护和环境治理业|0|环境治理;环境治理业;生态保护;环境污染治理;固废处理;环境保护服务||
78|公共设施管理业|0|市政设施管理;环境卫生;环卫;园林绿化;绿化||
786|游览景区管理|0|景区;景区管理;旅游景区;游览景区||
TOUR|旅游|0|旅游业;旅游服务;全域旅游;文化旅游;文旅;乡村旅游;旅游产业;文化和旅游;文旅产业||61;62;7291;786
80|居民服务业|0|家政服务;家政;托育;美容美发;洗染;婚庆||
81|机动车、电子产品和日用产品修理业|0|汽车维修服务;汽车维修;家电维修||
83|教育|0|教育培训;职业教育||
84|卫生|0|医疗卫生;医疗卫生业;健康医疗;医疗保健;医疗服务||
HEALTH|大健康|0|健康;健康产业;大健康产业;康养;健康养老||84;85;27
85|社会工作|0|养老服务;养老||
86|新闻和出版业|0|出版;新闻出版||
87|广播、电视、电影和录音制作业|0|影视;广播电视;电影||
88|文化艺术业|0|文化艺术;演艺||
CULT|文化产业|0|文化;文化产业||
89|体育组织和体育服务|0|竞技体育;体育服务;体育场馆服务;健身休闲||
SPORT|体育产业|0|体育||89;24
90|娱乐业|0|娱乐;休闲娱乐||
SVC1|生产性服务业|0|||
SVC2|生活性服务业|0|||
F1|蜂产品|0|蜂业||
F2|中药材|0||017|
F3|食品包装材料|0|包装材料;包装||
"""


ID = "<https://w3id.org/policykg/id/"


def lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def concept(iri: str, types: str, label: str, alts: list[str], extra: list[str]) -> str:
    parts = [f"a {types} , skos:Concept", f"skos:prefLabel {lit(label)}", f"rdfs:label {lit(label)}"]
    parts += [f"skos:altLabel {lit(a)}" for a in dict.fromkeys(alts) if a and a != label]
    parts += extra
    return f"{iri}\n    " + " ;\n    ".join(parts) + " .\n"


def build_awards() -> str:
    out = [PREFIXES, "# Award programmes and designations. Generated by scripts/gen_vocab.py.\n",
           'pkr:award-scheme a skos:ConceptScheme ; rdfs:label "质量奖项与荣誉称号"@zh , '
           '"Award programmes and designations"@en .\n']
    for line in AWARDS.strip().splitlines():
        slug, label, level, sector, body, alts = line.split("|")
        extra = [f"pk:level pk:{level}", f"pk:sector {lit(sector)}", f"pk:awardingBody {lit(body)}",
                 "skos:inScheme pkr:award-scheme"]
        out.append(concept(ID + f"award/{slug}>", "pk:AwardProgram", label, alts.split(";"), extra))
    provinces = {}
    for line in (Path(__file__).with_name("gen_regions.py").read_text(encoding="utf-8")
                 .split('PROVINCES = """')[1].split('"""')[0].strip().splitlines()):
        code, name, *_ = line.split()
        provinces[name] = code
    for line in PROVINCIAL_QUALITY.strip().splitlines():
        province, label, alts = line.split("|")
        code = provinces[province]
        short = province.replace("壮族自治区", "").replace("回族自治区", "").replace("维吾尔自治区", "")
        short = short.replace("自治区", "").rstrip("省市")
        forms = [*alts.split(";"), f"{province}政府质量奖", f"{province}人民政府质量奖", f"{short}省长质量奖",
                 f"{province}省长质量奖", f"{short}省政府质量奖"]
        extra = ["pk:level pk:Provincial", 'pk:sector "quality"', f"pk:awardingBody {lit(province + '人民政府')}",
                 f"pk:inProvince <https://w3id.org/policykg/id/region/{code}>", "skos:inScheme pkr:award-scheme"]
        out.append(concept(ID + f"award/provincial-quality-{code}>", "pk:AwardProgram", label, forms, extra))
    for line in DESIGNATIONS.strip().splitlines():
        slug, label, level, sector, body, alts = line.split("|")
        extra = [f"pk:level pk:{level}", f"pk:sector {lit(sector)}", f"pk:awardingBody {lit(body)}",
                 "skos:inScheme pkr:award-scheme"]
        out.append(concept(ID + f"designation/{slug}>", "pk:Designation", label, alts.split(";"), extra))
    return "\n".join(out)


def build_industries() -> str:
    out = [PREFIXES, "# Industries, coded to GB/T 4754-2017 (国民经济行业分类) where a code exists, flagged when\n"
                     "# they are strategic emerging industries (战略性新兴产业分类(2018)). Generated by "
                     "scripts/gen_vocab.py.\n",
           'pkr:industry-scheme a skos:ConceptScheme ; rdfs:label "产业与行业"@zh , "Industries"@en .\n']
    rows = [line.split("|") for line in INDUSTRIES.strip().splitlines()]
    coded = {row[0] for row in rows if row[0][0].isdigit()}
    labels: dict[str, str] = {}
    for key, label, *_rest in rows:
        for form in [label, *_rest[1].split(";")]:
            assert not form or labels.setdefault(form, key) == key, (form, key, labels[form])
    for key, label, emerging, alts, notation, related in rows:
        if key[0].isdigit():
            slug, notation = f"gbt4754-{key}", notation or key
        elif key.startswith("S-"):
            slug = f"gbt4754-{key[2:]}"
        else:
            slug = f"x-{key.lower()}"
        extra = ["skos:inScheme pkr:industry-scheme"]
        if notation:
            extra.append(f"skos:notation {lit(notation)}")
        else:
            extra.append('rdfs:comment "No one GB/T 4754-2017 class fits; see the related classes."@en')
        if emerging == "1":
            extra.append("pk:strategicEmerging true")
        codes = [code for code in related.split(";") if code]
        if codes:
            extra.append(f'skos:scopeNote {lit("GB/T 4754-2017: " + ", ".join(codes))}@en')
        extra += [f"skos:related {ID}industry/gbt4754-{code}>" for code in codes if code in coded]
        out.append(concept(ID + f"industry/{slug}>", "pk:Industry", label, alts.split(";"), extra))
    return "\n".join(out)


def main() -> None:
    vocab = Path(__file__).resolve().parents[1] / "ontology" / "vocab"
    (vocab / "awards.ttl").write_text(build_awards(), encoding="utf-8")
    (vocab / "industries.ttl").write_text(build_industries(), encoding="utf-8")
    print(f"wrote {vocab / 'awards.ttl'} and {vocab / 'industries.ttl'}")


if __name__ == "__main__":
    main()
