"""The demo directory's names in Simplified Chinese and Russian, beside its English.

``generate_demo_data`` writes every text in English (the fields' own columns) and gives names in the
other two languages (``name_zh_hans``, ``name_ru``, ...), so that pages, search and sorting meet
Chinese and Cyrillic text at any size. What gets which text:

- **Made up in each language** with Faker's ``zh_CN`` and ``ru_RU`` locales (``Languages``): the
  names of companies and joint ventures (unless the exhibitor's ``local_name`` already is one:
  a Chinese local name is its Chinese name, a Cyrillic one its Russian name), parts of research
  centres' names, and showcase names (a Chinese brand with a product word; a Russian catch phrase),
  followed by the English name's model code (``XY-120``). They name the same thing, not translate
  the English: demo data exercises scripts, lengths and fallbacks, not meaning.
- **Translated** from the tables below, so that they agree with the English: cities (an
  exhibitor's headquarters, an exhibition's city), people's names (transcribed), the fairs, the
  themed pavilions, the demo sectors, halls (``N3馆``, ``Зал N3``); countries as django-countries
  names them (a national pavilion, a public body, an association).
- **English only** (pages fall back to it): summaries, descriptions, roles, bios, sessions,
  sections, key figures, quotes and participations.

``original_language`` follows the country: Chinese (``zh-hans``) for China, Russian (``ru``) for
Belarus, Russia and Kazakhstan, English otherwise; a showcase takes its maker's, a session, a hall
or a themed pavilion its exhibition's.

Deterministic: the Faker instances are seeded from the command's ``--seed`` and never touch the
generator that makes the English rows, so the same seed gives the same rows in every language,
and the English rows are the ones the seed gave before there were other languages.
"""

from django.utils import translation
from django_countries import countries as iso_countries
from faker import Faker

ZH, RU, EN = "zh-hans", "ru", "en"
CHINESE_COUNTRIES = {"CN"}
RUSSIAN_COUNTRIES = {"BY", "RU", "KZ"}

# English city -> (Chinese, Russian): every city of generate_demo_data's COUNTRIES and FAIRS.
CITIES = {
    "Chongqing": ("重庆", "Чунцин"),
    "Beijing": ("北京", "Пекин"),
    "Shanghai": ("上海", "Шанхай"),
    "Shenzhen": ("深圳", "Шэньчжэнь"),
    "Hangzhou": ("杭州", "Ханчжоу"),
    "Chengdu": ("成都", "Чэнду"),
    "Wuhan": ("武汉", "Ухань"),
    "Xi'an": ("西安", "Сиань"),
    "Minsk": ("明斯克", "Минск"),
    "Gomel": ("戈梅利", "Гомель"),
    "Brest": ("布列斯特", "Брест"),
    "Grodno": ("格罗德诺", "Гродно"),
    "Vitebsk": ("维捷布斯克", "Витебск"),
    "Mogilev": ("莫吉廖夫", "Могилёв"),
    "Moscow": ("莫斯科", "Москва"),
    "Saint Petersburg": ("圣彼得堡", "Санкт-Петербург"),
    "Kazan": ("喀山", "Казань"),
    "Novosibirsk": ("新西伯利亚", "Новосибирск"),
    "Yekaterinburg": ("叶卡捷琳堡", "Екатеринбург"),
    "Berlin": ("柏林", "Берлин"),
    "Munich": ("慕尼黑", "Мюнхен"),
    "Stuttgart": ("斯图加特", "Штутгарт"),
    "Hamburg": ("汉堡", "Гамбург"),
    "Cologne": ("科隆", "Кёльн"),
    "Almaty": ("阿拉木图", "Алматы"),
    "Astana": ("阿斯塔纳", "Астана"),
    "Shymkent": ("奇姆肯特", "Шымкент"),
    "Tashkent": ("塔什干", "Ташкент"),
    "Samarkand": ("撒马尔罕", "Самарканд"),
    "San Jose": ("圣何塞", "Сан-Хосе"),
    "Boston": ("波士顿", "Бостон"),
    "Austin": ("奥斯汀", "Остин"),
    "Pittsburgh": ("匹兹堡", "Питтсбург"),
    "London": ("伦敦", "Лондон"),
    "Manchester": ("曼彻斯特", "Манчестер"),
    "Cambridge": ("剑桥", "Кембридж"),
    "Paris": ("巴黎", "Париж"),
    "Lyon": ("里昂", "Лион"),
    "Toulouse": ("图卢兹", "Тулуза"),
    "Milan": ("米兰", "Милан"),
    "Turin": ("都灵", "Турин"),
    "Bologna": ("博洛尼亚", "Болонья"),
    "Madrid": ("马德里", "Мадрид"),
    "Barcelona": ("巴塞罗那", "Барселона"),
    "Valencia": ("瓦伦西亚", "Валенсия"),
    "Warsaw": ("华沙", "Варшава"),
    "Kraków": ("克拉科夫", "Краков"),
    "Wrocław": ("弗罗茨瓦夫", "Вроцлав"),
    "Prague": ("布拉格", "Прага"),
    "Brno": ("布尔诺", "Брно"),
    "Budapest": ("布达佩斯", "Будапешт"),
    "Debrecen": ("德布勒森", "Дебрецен"),
    "Belgrade": ("贝尔格莱德", "Белград"),
    "Novi Sad": ("诺维萨德", "Нови-Сад"),
    "Istanbul": ("伊斯坦布尔", "Стамбул"),
    "Ankara": ("安卡拉", "Анкара"),
    "Izmir": ("伊兹密尔", "Измир"),
    "Bengaluru": ("班加罗尔", "Бангалор"),
    "Pune": ("浦那", "Пуна"),
    "Hyderabad": ("海得拉巴", "Хайдарабад"),
    "Chennai": ("金奈", "Ченнаи"),
    "Hanoi": ("河内", "Ханой"),
    "Ho Chi Minh City": ("胡志明市", "Хошимин"),
    "Bangkok": ("曼谷", "Бангкок"),
    "Chiang Mai": ("清迈", "Чиангмай"),
    "Kuala Lumpur": ("吉隆坡", "Куала-Лумпур"),
    "Penang": ("槟城", "Пенанг"),
    "Singapore": ("新加坡", "Сингапур"),
    "Jakarta": ("雅加达", "Джакарта"),
    "Surabaya": ("泗水", "Сурабая"),
    "Seoul": ("首尔", "Сеул"),
    "Busan": ("釜山", "Пусан"),
    "Daejeon": ("大田", "Тэджон"),
    "Tokyo": ("东京", "Токио"),
    "Osaka": ("大阪", "Осака"),
    "Nagoya": ("名古屋", "Нагоя"),
    "Dubai": ("迪拜", "Дубай"),
    "Abu Dhabi": ("阿布扎比", "Абу-Даби"),
    "Riyadh": ("利雅得", "Эр-Рияд"),
    "Jeddah": ("吉达", "Джидда"),
    "Cairo": ("开罗", "Каир"),
    "Alexandria": ("亚历山大", "Александрия"),
    "Johannesburg": ("约翰内斯堡", "Йоханнесбург"),
    "Cape Town": ("开普敦", "Кейптаун"),
    "Lagos": ("拉各斯", "Лагос"),
    "Abuja": ("阿布贾", "Абуджа"),
    "São Paulo": ("圣保罗", "Сан-Паулу"),
    "Curitiba": ("库里蒂巴", "Куритиба"),
    "Buenos Aires": ("布宜诺斯艾利斯", "Буэнос-Айрес"),
    "Córdoba": ("科尔多瓦", "Кордова"),
    "Monterrey": ("蒙特雷", "Монтеррей"),
    "Mexico City": ("墨西哥城", "Мехико"),
    "Toronto": ("多伦多", "Торонто"),
    "Montreal": ("蒙特利尔", "Монреаль"),
    "Vancouver": ("温哥华", "Ванкувер"),
    "Sydney": ("悉尼", "Сидней"),
    "Melbourne": ("墨尔本", "Мельбурн"),
    "Stockholm": ("斯德哥尔摩", "Стокгольм"),
    "Gothenburg": ("哥德堡", "Гётеборг"),
    "Helsinki": ("赫尔辛基", "Хельсинки"),
    "Espoo": ("埃斯波", "Эспоо"),
    "Oulu": ("奥卢", "Оулу"),
    "Amsterdam": ("阿姆斯特丹", "Амстердам"),
    "Eindhoven": ("埃因霍温", "Эйндховен"),
    "Vienna": ("维也纳", "Вена"),
    "Graz": ("格拉茨", "Грац"),
    "Zurich": ("苏黎世", "Цюрих"),
    "Geneva": ("日内瓦", "Женева"),
    "Vilnius": ("维尔纽斯", "Вильнюс"),
    "Kaunas": ("考纳斯", "Каунас"),
    "Riga": ("里加", "Рига"),
    "Tallinn": ("塔林", "Таллин"),
    "Tartu": ("塔尔图", "Тарту"),
    "Yerevan": ("埃里温", "Ереван"),
    "Baku": ("巴库", "Баку"),
    "Tbilisi": ("第比利斯", "Тбилиси"),
    "Ulaanbaatar": ("乌兰巴托", "Улан-Батор"),
    "Lahore": ("拉合尔", "Лахор"),
    "Karachi": ("卡拉奇", "Карачи"),
    "Tel Aviv": ("特拉维夫", "Тель-Авив"),
    "Haifa": ("海法", "Хайфа"),
    "Nairobi": ("内罗毕", "Найроби"),
    "Santiago": ("圣地亚哥", "Сантьяго"),
}

# People's names, transcribed: English -> (Chinese, Russian).
GIVEN_NAMES = {
    "Wei": ("伟", "Вэй"),
    "Li": ("丽", "Ли"),
    "Jun": ("军", "Цзюнь"),
    "Hao": ("浩", "Хао"),
    "Ming": ("明", "Мин"),
    "Xiaoling": ("晓玲", "Сяолин"),
    "Yan": ("燕", "Янь"),
    "Lei": ("磊", "Лэй"),
    "Fang": ("芳", "Фан"),
    "Jing": ("静", "Цзин"),
    "Tao": ("涛", "Тао"),
    "Alexei": ("阿列克谢", "Алексей"),
    "Dmitry": ("德米特里", "Дмитрий"),
    "Irina": ("伊琳娜", "Ирина"),
    "Olga": ("奥尔加", "Ольга"),
    "Sergei": ("谢尔盖", "Сергей"),
    "Natalia": ("娜塔莉娅", "Наталья"),
    "Andrei": ("安德烈", "Андрей"),
    "Yulia": ("尤利娅", "Юлия"),
    "Pavel": ("帕维尔", "Павел"),
    "Anna": ("安娜", "Анна"),
    "Thomas": ("托马斯", "Томас"),
    "Maria": ("玛丽亚", "Мария"),
    "Lukas": ("卢卡斯", "Лукас"),
    "Sofia": ("索菲亚", "София"),
    "David": ("大卫", "Давид"),
    "Elena": ("埃琳娜", "Елена"),
    "Marco": ("马可", "Марко"),
    "Sara": ("萨拉", "Сара"),
    "Amir": ("阿米尔", "Амир"),
}
FAMILY_NAMES = {
    "Wang": ("王", "Ван"),
    "Zhang": ("张", "Чжан"),
    "Liu": ("刘", "Лю"),
    "Chen": ("陈", "Чэнь"),
    "Yang": ("杨", "Ян"),
    "Zhao": ("赵", "Чжао"),
    "Huang": ("黄", "Хуан"),
    "Zhou": ("周", "Чжоу"),
    "Wu": ("吴", "У"),
    "Xu": ("徐", "Сюй"),
    "Ivanov": ("伊万诺夫", "Иванов"),
    "Kovalenko": ("科瓦连科", "Коваленко"),
    "Sokolov": ("索科洛夫", "Соколов"),
    "Morozov": ("莫罗佐夫", "Морозов"),
    "Volkov": ("沃尔科夫", "Волков"),
    "Lebedev": ("列别杰夫", "Лебедев"),
    "Zhukov": ("朱可夫", "Жуков"),
    "Schmidt": ("施密特", "Шмидт"),
    "Rossi": ("罗西", "Росси"),
    "Garcia": ("加西亚", "Гарсия"),
    "Nowak": ("诺瓦克", "Новак"),
    "Müller": ("穆勒", "Мюллер"),
    "Kim": ("金", "Ким"),
    "Sato": ("佐藤", "Сато"),
    "Khan": ("汗", "Хан"),
    "Silva": ("席尔瓦", "Силва"),
}
# Russian family names in -ov, -ev take -a for a woman (Иванова), and their Chinese -夫 becomes -娃.
WOMEN = {"Irina", "Olga", "Natalia", "Yulia"}

# English name of each fair -> (Chinese, Russian).
FAIRS = {
    "Silk Road Smart Industry Expo": (
        "丝绸之路智能产业博览会",
        "Выставка умной промышленности «Шёлковый путь»",
    ),
    "Eurasian Agritech Fair": ("欧亚农业科技博览会", "Евразийская агротехническая выставка"),
    "Baltic Robotics and Automation Week": (
        "波罗的海机器人与自动化周",
        "Балтийская неделя робототехники и автоматизации",
    ),
    "Central Asia Digital Forum and Expo": (
        "中亚数字论坛暨博览会",
        "Центральноазиатский цифровой форум и выставка",
    ),
}
THEMED_PAVILIONS = {
    "Artificial Intelligence Hall": ("人工智能馆", "Зал искусственного интеллекта"),
    "Robotics Arena": ("机器人竞技场", "Арена робототехники"),
    "Smart Mobility Zone": ("智慧出行专区", "Зона умной мобильности"),
    "Green Energy Pavilion": ("绿色能源馆", "Павильон зелёной энергетики"),
    "Agritech Village": ("农业科技村", "Агротехнологическая деревня"),
    "Smart City Square": ("智慧城市广场", "Площадь умного города"),
    "Health Tech Hall": ("健康科技馆", "Зал медицинских технологий"),
    "Start-up Alley": ("创业街", "Аллея стартапов"),
}
# Demo sectors by slug (without the demo prefix) -> (Chinese, Russian); descriptions stay English.
SECTORS = {
    "energy": ("能源", "Энергетика"),
    "health": ("健康与医疗", "Здравоохранение и медицина"),
    "materials": ("新材料", "Новые материалы"),
    "transport": ("交通与物流", "Транспорт и логистика"),
    "cybersecurity": ("网络安全", "Кибербезопасность"),
    "cloud-computing": ("云计算", "Облачные вычисления"),
    "fintech": ("金融科技", "Финансовые технологии"),
    "industrial-robots": ("工业机器人", "Промышленные роботы"),
    "service-robots": ("服务机器人", "Сервисные роботы"),
    "drones": ("无人机", "Беспилотники"),
    "electric-vehicles": ("电动汽车", "Электромобили"),
    "lidar-radar": ("激光雷达与雷达", "Лидары и радары"),
    "smart-grid": ("智能电网", "Умные электросети"),
    "public-safety": ("公共安全", "Общественная безопасность"),
    "precision-farming": ("精准农业", "Точное земледелие"),
    "harvesters": ("收获机械", "Уборочная техника"),
    "machine-tools": ("机床", "Станки"),
    "additive-manufacturing": ("增材制造", "Аддитивное производство"),
    "dairy": ("乳制品", "Молочная продукция"),
    "edtech": ("教育科技", "Образовательные технологии"),
    "solar-power": ("太阳能", "Солнечная энергетика"),
    "hydrogen": ("氢能", "Водородная энергетика"),
    "batteries": ("电池", "Аккумуляторы"),
    "medical-devices": ("医疗器械", "Медицинские изделия"),
    "biotech": ("生物技术", "Биотехнологии"),
    "telemedicine": ("远程医疗", "Телемедицина"),
    "graphene": ("石墨烯", "Графен"),
    "composites": ("复合材料", "Композитные материалы"),
    "railways": ("铁路", "Железные дороги"),
    "aviation": ("航空", "Авиация"),
}
# Faker's Russian company names without its list of large real companies (``large_company``):
# demo data names no real company.
RUSSIAN_COMPANY_FORMATS = (
    "{{company_prefix}} «{{last_name}}»",
    "{{company_prefix}} «{{last_name}} {{last_name}}»",
    "{{company_prefix}} «{{last_name}}-{{last_name}}»",
    "{{company_prefix}} «{{last_name}}, {{last_name}} и {{last_name}}»",
    "{{last_name}} {{company_suffix}}",
)
# What a showcase is, in Chinese, after its maker's brand.
PRODUCT_WORDS = ["系统", "平台", "设备", "模块", "终端", "传感器", "机器人", "解决方案", "装置"]
# Translations a shipped sector carries in the fixture, passed on when the demo creates it.
SECTOR_FIELDS = ("name_zh_hans", "name_ru", "description_zh_hans", "description_ru")


def original_language(country):
    """The language a record from ``country`` (an ISO code) is written in."""
    if country in CHINESE_COUNTRIES:
        return ZH
    if country in RUSSIAN_COUNTRIES:
        return RU
    return EN


def cyrillic(word):
    """Whether ``word`` is written in Cyrillic."""
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def chinese(word):
    """Whether ``word`` is written with Chinese characters."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in word)


class Languages:
    """Names in Chinese and Russian for the demo records, from Faker instances of their own."""

    def __init__(self, seed):
        self.zh = Faker("zh_CN")
        self.zh.seed_instance(f"{seed}-zh")
        self.ru = Faker("ru_RU")
        self.ru.seed_instance(f"{seed}-ru")
        self._countries = {}

    def country(self, code):
        """The country's name in Chinese and Russian, as django-countries gives them."""
        if code not in self._countries:
            names = []
            for language in (ZH, RU):
                with translation.override(language):
                    names.append(str(iso_countries.name(code)))
            self._countries[code] = tuple(names)
        return self._countries[code]

    @staticmethod
    def city(city):
        return CITIES.get(city, (city, city))

    def company(self, local_name):
        """A company's Chinese and Russian names, and its Chinese brand (for its products): its
        local name where it is written in that script, else made up."""
        if chinese(local_name):
            brand = local_name[:2]
            zh = local_name
        else:
            brand = self.zh.company_prefix()
            zh = f"{brand}{self.zh.company_suffix()}"
        if cyrillic(local_name):
            ru = local_name
        else:
            ru = self.ru.parse(self.ru.random_element(RUSSIAN_COMPANY_FORMATS))
        return zh, ru, brand

    def brand(self):
        return self.zh.company_prefix()

    def showcase(self, brand, model):
        """A showcase's Chinese and Russian names: the brand and a product word; a catch phrase;
        each with the English name's model code."""
        zh = f"{brand}{self.zh.random_element(PRODUCT_WORDS)} {model}"
        ru = f"{self.ru.catch_phrase()} {model}"
        return zh, ru

    @staticmethod
    def person(given, family, chinese_order):
        """A person's name in Chinese and Russian, from the English given and family names."""
        given_zh, given_ru = GIVEN_NAMES[given]
        family_zh, family_ru = FAMILY_NAMES[family]
        if given in WOMEN:
            if family_ru.endswith(("ов", "ев")):
                family_ru += "а"
            if family_zh.endswith("夫"):
                family_zh = family_zh[:-1] + "娃"
        if chinese_order:
            return f"{family_zh}{given_zh}", f"{family_ru} {given_ru}"
        return f"{given_zh}·{family_zh}", f"{given_ru} {family_ru}"

    @staticmethod
    def hall(code):
        return f"{code}馆", f"Зал {code}"
