"""Sample vocabulary for the CRM template: people and companies in English, Chinese and Thai,
industries, and cities with coordinates. Everything random draws from the caller's
random.Random, so one seed always gives the same workspace.

Chinese and Thai words carry a romanised form for e-mail addresses and web sites. Every domain
is under the reserved `.example` top-level domain (RFC 2606), so no sample address can reach
anyone."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

EN, ZH, TH = "en", "zh", "th"
# About 15% Chinese and 15% Thai, as the issue asks.
LANGUAGE_WEIGHTS = {EN: 70, ZH: 15, TH: 15}

ENGLISH_FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
                 "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles",
                 "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Emma", "Mark", "Olivia", "Paul",
                 "Sophie", "Steven", "Grace", "Andrew", "Chloe", "Joshua", "Hannah", "Oliver", "Amelia", "George",
                 "Lucy"]
ENGLISH_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson", "Taylor",
                "Anderson", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis",
                "Walker", "Hall", "Allen", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
                "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker"]
CHINESE_FAMILY = [("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
                  ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
                  ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("林", "lin"), ("郭", "guo"), ("何", "he"),
                  ("高", "gao"), ("罗", "luo")]
CHINESE_GIVEN = [("伟", "wei"), ("娜", "na"), ("静", "jing"), ("敏", "min"), ("强", "qiang"), ("磊", "lei"),
                 ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"),
                 ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀英", "xiuying"), ("建华", "jianhua"),
                 ("志强", "zhiqiang"), ("晓燕", "xiaoyan"), ("佳怡", "jiayi"), ("子涵", "zihan"), ("宇轩", "yuxuan")]
THAI_FIRST = [("สมชาย", "somchai"), ("สมศักดิ์", "somsak"), ("สมหญิง", "somying"), ("วิชัย", "wichai"),
              ("ประเสริฐ", "prasert"), ("สุนีย์", "sunee"), ("นภา", "napha"), ("อรุณ", "arun"),
              ("ธนพล", "thanaphon"), ("กนกวรรณ", "kanokwan"), ("ปิยะ", "piya"), ("ศิริพร", "siriporn"),
              ("อนันต์", "anan"), ("วรรณา", "wanna"), ("ชัยวัฒน์", "chaiwat"), ("พิมพ์ชนก", "phimchanok"),
              ("ณัฐวุฒิ", "nattawut"), ("สุดารัตน์", "sudarat")]
THAI_LAST = [("ใจดี", "jaidee"), ("สุขสวัสดิ์", "suksawat"), ("ศรีสุข", "srisuk"), ("วงศ์สวัสดิ์", "wongsawat"),
             ("แก้วมณี", "kaewmanee"), ("ทองดี", "thongdee"), ("บุญมา", "boonma"), ("รัตนพันธ์", "rattanaphan"),
             ("เพชรรัตน์", "phetcharat"), ("สายทอง", "saithong"), ("จันทร์เพ็ญ", "chanpen"), ("มั่นคง", "mankong")]

# The sales team the template adds next to its creator, so deal owners vary.
TEAM = [("Emma Clark", "emma.clark"), ("王伟", "wang.wei"), ("สมชาย ใจดี", "somchai.jaidee")]

# label, colour, English company words, Chinese words, Thai words
INDUSTRIES = [
    ("Software", "#579bfc", ["Software", "Systems", "Analytics", "Labs"], [("软件", "soft"), ("科技", "tech")],
     [("ซอฟต์แวร์", "software"), ("ดิจิทัล", "digital")]),
    ("Logistics", "#fdab3d", ["Logistics", "Freight", "Shipping"], [("物流", "logistics")],
     [("โลจิสติกส์", "logistics"), ("ขนส่ง", "transport")]),
    ("Manufacturing", "#a25ddc", ["Manufacturing", "Industries", "Robotics"], [("制造", "mfg"), ("机械", "machinery")],
     [("อุตสาหกรรม", "industry")]),
    ("Retail", "#ff642e", ["Retail", "Stores", "Traders"], [("贸易", "trading"), ("商贸", "commerce")],
     [("เทรดดิ้ง", "trading")]),
    ("Healthcare", "#00c875", ["Health", "Medical", "Pharma"], [("医药", "pharma")], [("การแพทย์", "medical")]),
    ("Energy", "#037f4c", ["Energy", "Power", "Solar"], [("能源", "energy")], [("พลังงาน", "energy")]),
    ("Finance", "#e2445c", ["Capital", "Finance", "Partners"], [("金融", "finance")], [("การเงิน", "finance")]),
    ("Food & beverage", "#ffcb00", ["Foods", "Beverages", "Kitchens"], [("食品", "foods")], [("อาหาร", "foods")]),
    ("Electronics", "#66ccff", ["Electronics", "Devices", "Semiconductors"], [("电子", "electronics")],
     [("อิเล็กทรอนิกส์", "electronics")]),
    ("Media", "#bb3354", ["Media", "Studios", "Publishing"], [("传媒", "media")], [("มีเดีย", "media")]),
]
ENGLISH_BRANDS = ["Northwind", "Blue Harbor", "Acme", "Silverline", "Redwood", "Brightpath", "Ironbridge", "Summit",
                  "Crescent", "Evergreen", "Granite", "Keystone", "Lakeside", "Maple", "Nova", "Oakridge",
                  "Pinnacle", "Quantum", "Riverbend", "Sterling", "Trident", "Vertex", "Westfield", "Zenith",
                  "Atlas", "Beacon", "Cobalt", "Driftwood", "Falcon", "Horizon", "Juniper", "Meridian"]
CHINESE_BRANDS = [("华信", "huaxin"), ("中科", "zhongke"), ("东方", "dongfang"), ("金龙", "jinlong"),
                  ("长城", "changcheng"), ("天成", "tiancheng"), ("宏达", "hongda"), ("恒通", "hengtong"),
                  ("远航", "yuanhang"), ("博瑞", "borui"), ("瑞丰", "ruifeng"), ("鼎盛", "dingsheng"),
                  ("汇通", "huitong"), ("永信", "yongxin"), ("富邦", "fubang"), ("新源", "xinyuan")]
THAI_BRANDS = [("สยาม", "siam"), ("กรุงเทพ", "krungthep"), ("ไทยรุ่งเรือง", "thairungruang"), ("เจริญ", "charoen"),
               ("ศรีนคร", "srinakorn"), ("ล้านนา", "lanna"), ("อันดามัน", "andaman"), ("เมืองทอง", "muangthong"),
               ("รุ่งโรจน์", "rungroj"), ("ทองไทย", "thongthai"), ("ชัยพฤกษ์", "chaiyaphruek"), ("บูรพา", "burapha")]


@dataclass(frozen=True)
class City:
    name: str
    local: str  # the name as a Chinese company would put it in front of its own
    lat: float
    lng: float


@dataclass(frozen=True)
class Country:
    code: str
    phone: str  # a template: each # becomes a digit
    company_suffix: str  # the legal form after a company's name (Chinese names end with CHINESE_SUFFIX)
    cities: tuple[City, ...]


def _cities(*rows: tuple) -> tuple[City, ...]:
    return tuple(City(name, local, lat, lng) for name, local, lat, lng in rows)


COUNTRIES = {c.code: c for c in [
    Country("US", "+1 212 555 01##", "Inc.", _cities(
        ("New York", "", 40.7128, -74.0060), ("San Francisco", "", 37.7749, -122.4194),
        ("Chicago", "", 41.8781, -87.6298), ("Austin", "", 30.2672, -97.7431), ("Seattle", "", 47.6062, -122.3321),
        ("Boston", "", 42.3601, -71.0589))),
    Country("GB", "+44 20 7946 0###", "Ltd", _cities(
        ("London", "", 51.5074, -0.1278), ("Manchester", "", 53.4808, -2.2426), ("Edinburgh", "", 55.9533, -3.1883),
        ("Bristol", "", 51.4545, -2.5879))),
    Country("DE", "+49 30 #### ####", "GmbH", _cities(
        ("Berlin", "", 52.5200, 13.4050), ("Munich", "", 48.1351, 11.5820), ("Hamburg", "", 53.5511, 9.9937),
        ("Frankfurt", "", 50.1109, 8.6821))),
    Country("FR", "+33 1 ## ## ## ##", "SAS", _cities(
        ("Paris", "", 48.8566, 2.3522), ("Lyon", "", 45.7640, 4.8357), ("Toulouse", "", 43.6047, 1.4442),
        ("Marseille", "", 43.2965, 5.3698))),
    Country("NL", "+31 20 ### ####", "B.V.", _cities(
        ("Amsterdam", "", 52.3676, 4.9041), ("Rotterdam", "", 51.9244, 4.4777))),
    Country("JP", "+81 3 #### ####", "K.K.", _cities(
        ("Tokyo", "", 35.6762, 139.6503), ("Osaka", "", 34.6937, 135.5023), ("Fukuoka", "", 33.5904, 130.4017))),
    Country("AU", "+61 2 #### ####", "Pty Ltd", _cities(
        ("Sydney", "", -33.8688, 151.2093), ("Melbourne", "", -37.8136, 144.9631),
        ("Brisbane", "", -27.4698, 153.0251))),
    Country("CA", "+1 416 555 01##", "Inc.", _cities(
        ("Toronto", "", 43.6532, -79.3832), ("Vancouver", "", 49.2827, -123.1207))),
    Country("SG", "+65 6### ####", "Pte Ltd", _cities(("Singapore", "新加坡", 1.3521, 103.8198))),
    Country("CN", "+86 1## #### ####", "Co., Ltd.", _cities(
        ("Shanghai", "上海", 31.2304, 121.4737), ("Beijing", "北京", 39.9042, 116.4074),
        ("Shenzhen", "深圳", 22.5431, 114.0579), ("Hangzhou", "杭州", 30.2741, 120.1551),
        ("Chengdu", "成都", 30.5728, 104.0668))),
    Country("TW", "+886 2 #### ####", "Co., Ltd.", _cities(
        ("Taipei", "台北", 25.0330, 121.5654), ("Taichung", "台中", 24.1477, 120.6736),
        ("Kaohsiung", "高雄", 22.6273, 120.3014), ("Hsinchu", "新竹", 24.8138, 120.9675))),
    Country("TH", "+66 2 ### ####", "จำกัด", _cities(
        ("Bangkok", "", 13.7563, 100.5018), ("Chiang Mai", "", 18.7883, 98.9853), ("Phuket", "", 7.8804, 98.3923),
        ("Khon Kaen", "", 16.4322, 102.8236))),
]}
# Where companies of each language are, weighted.
HOME_COUNTRIES = {EN: {"US": 30, "GB": 15, "DE": 12, "FR": 10, "NL": 5, "JP": 8, "AU": 8, "CA": 6, "SG": 6},
                  ZH: {"CN": 60, "TW": 30, "SG": 10}, TH: {"TH": 100}}

# How a Chinese-named company ends its registered name in each country.
CHINESE_SUFFIX = {"CN": "有限公司", "TW": "股份有限公司", "SG": "私人有限公司"}

TITLES = ["CEO", "CTO", "CFO", "Founder", "Head of Sales", "Procurement Manager", "Operations Director", "IT Manager",
          "Marketing Lead", "VP Engineering", "Product Manager", "Office Manager", "Buyer", "Finance Director"]
# Senior titles get a few colleagues as sub-items: the assistant and the people they bring to meetings.
SENIOR_TITLES = {"CEO", "CTO", "CFO", "Founder", "Operations Director", "Finance Director", "VP Engineering"}
COLLEAGUE_ROLES = ["Executive assistant", "Chief of staff", "Analyst", "Legal counsel", "Project lead"]
PRODUCTS = ["Annual licence", "Pilot", "Expansion", "Renewal", "Onboarding package", "Support plan",
            "Enterprise plan", "Training", "Integration project", "Add-on seats"]
# stage, colour, win probability (%)
STAGES = [("New", "#c4c4c4", 10), ("Discovery", "#579bfc", 20), ("Proposal", "#fdab3d", 40),
          ("Negotiation", "#a25ddc", 60), ("Won", "#00c875", 100), ("Lost", "#e2445c", 0)]
CLOSED_STAGES = ("Won", "Lost")
STAGE_WEIGHTS = [16, 16, 15, 11, 24, 18]
LEAD_SOURCES = [("Website", "#579bfc"), ("Referral", "#00c875"), ("Event", "#fdab3d"), ("Cold call", "#c4c4c4"),
                ("Partner", "#a25ddc"), ("LinkedIn", "#037f4c")]


@dataclass(frozen=True)
class Person:
    name: str
    handle: str  # ASCII, for the e-mail address
    language: str


@dataclass(frozen=True)
class Company:
    name: str
    short: str  # without the legal suffix, for deal names
    domain: str
    language: str
    industry: str
    country: str
    city: City


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def language(rng: random.Random) -> str:
    return pick(rng, LANGUAGE_WEIGHTS)


def person(rng: random.Random, lang: str) -> Person:
    if lang == ZH:
        (family, family_rom), (given, given_rom) = rng.choice(CHINESE_FAMILY), rng.choice(CHINESE_GIVEN)
        return Person(family + given, f"{given_rom}.{family_rom}", lang)  # family name first, no space
    if lang == TH:
        (first, first_rom), (last, last_rom) = rng.choice(THAI_FIRST), rng.choice(THAI_LAST)
        return Person(f"{first} {last}", f"{first_rom}.{last_rom}", lang)
    first, last = rng.choice(ENGLISH_FIRST), rng.choice(ENGLISH_LAST)
    return Person(f"{first} {last}", f"{first}.{last}".lower(), lang)


def company(rng: random.Random, lang: str) -> Company:
    """A company name as it would be registered in its country; may repeat, callers keep them unique."""
    label, _color, english, chinese, thai = rng.choice(INDUSTRIES)
    country = COUNTRIES[pick(rng, HOME_COUNTRIES[lang])]
    city = rng.choice(country.cities)
    if lang == ZH:
        (brand, brand_rom), (word, word_rom) = rng.choice(CHINESE_BRANDS), rng.choice(chinese)
        short, slug = f"{brand}{word}", f"{brand_rom}-{word_rom}"
        name = f"{city.local}{short}{CHINESE_SUFFIX[country.code]}"
    elif lang == TH:
        (brand, brand_rom), (word, word_rom) = rng.choice(THAI_BRANDS), rng.choice(thai)
        short, slug = f"{brand} {word}", f"{brand_rom}-{word_rom}"
        name = f"บริษัท {short} {country.company_suffix}"
    else:
        short = f"{rng.choice(ENGLISH_BRANDS)} {rng.choice(english)}"
        name, slug = f"{short} {country.company_suffix}", short
    return Company(name, short, f"{_slug(slug)}.example", lang, label, country.code, city)


def email(handle: str, domain: str) -> str:
    return f"{handle}@{domain}"


def phone(rng: random.Random, country: str) -> str:
    return re.sub("#", lambda _match: str(rng.randrange(10)), COUNTRIES[country].phone)


def near(rng: random.Random, city: City, spread: float = 0.08) -> dict:
    """A point within a few kilometres of the city centre, with the city as its address."""
    return {"lat": round(city.lat + rng.uniform(-spread, spread), 5),
            "lng": round(city.lng + rng.uniform(-spread, spread), 5), "address": city.name}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
