"""Generate a realistic, deterministic demo directory at any size, for load tests and benchmarks.

``python manage.py generate_demo_data --exhibitors 10000 --showcases 50000 --seed 1`` writes, in one
transaction: a few fairs with several editions each (dates, venues, key figures), national and themed
pavilions with sections, exhibitors from dozens of countries (one or two countries, one to three sectors,
partners, a local name in Chinese or Cyrillic for some), one stand per exhibitor and edition it attends
(many inside the pavilion of their country or theme), the halls of every edition with the stands laid
out on their floor plans (see ``DemoData.build_halls``), showcases with kinds, sectors and
premieres, people (speakers and stand leads, tied to their exhibitors) with quotes, and a programme
per edition: about ``SESSIONS_PER_DAY_PER_1000`` sessions a day per 1,000 exhibitors of that edition
(at least ``MIN_SESSIONS_PER_DAY``), of every kind, timed within the opening hours in the
edition's time zone (a few with no published time, or no day), with speakers, moderators and
participants drawn from the people at that edition, sectors, related showcases and the
participations of the organisations involved (sessions, launches, organisers).

**Languages** (``datafiles.demo_languages``): every text is written in English (the fields' own
columns, and so their ``_en`` columns), and names come in Simplified Chinese and Russian too
(``name_zh_hans``, ``name_ru``): those of exhibitors (with their headquarters), showcases, people,
pavilions, halls, exhibitions (with their cities), sectors and countries. Company, brand and
showcase names are made up in each language with Faker's ``zh_CN`` and ``ru_RU`` locales (a
Chinese or Cyrillic ``local_name`` is the name in that language); cities, people's names, fairs,
themed pavilions and sectors are translated from tables. Summaries, descriptions, roles, bios and
the programme stay English only: pages fall back to English, which the demo shows too.
``original_language`` follows the country: ``zh-hans`` for China, ``ru`` for Belarus, Russia and
Kazakhstan, ``en`` otherwise (a showcase takes its maker's, a session its exhibition's).

Rules the data keeps:

- **Deterministic.** The same ``--seed`` (and sizes) gives the same rows, ``created_at`` included; only
  database ids differ. Text comes from word lists through ``random.Random(seed)``, the Chinese and
  Russian names from Faker instances seeded from it, which leave that generator alone.
- **Apart from real data.** Every record it creates has a slug starting with ``demo-``. Countries (by
  ISO code, named by django-countries) and the shipped sectors (by their shipped slugs, names and
  descriptions, read from ``fixtures/smart_china_expo_2022.json``) are reused when present, created when
  missing, and never changed or deleted.
- **Safe to re-run.** If demo rows exist the command stops with a message; ``--replace`` deletes them
  (rows with a ``demo-`` slug, and what cascades from them) and generates anew; ``--delete`` only
  deletes them.
- **Fast.** Rows go in with ``bulk_create`` and bulk inserts into the many-to-many tables.
  ``search_vector`` is left to the database (a trigger fills it on PostgreSQL). The whole run counts
  as one content change (``one_change``), so cached public pages show the new rows at once.
- **Bounded memory for showcases.** They are by far the most numerous rows (millions at scale), so
  they are never all held: ``DemoData`` writes them, as it makes them from the same random stream, to
  a temporary file in pickled chunks of ``--batch-size``, keeping only what the programme and key
  figures read (per exhibitor and edition, its first two showcases and its first ``LAUNCH_CAP``
  premieres and other showcases; per edition two counts). The command reads them back a chunk at a
  time: on PostgreSQL with ``COPY`` (``datafiles.demo_copy``: ids drawn from the sequence, the rows
  through a temporary table into the table with their ``search_vector`` made by the trigger's own
  expression, the trigger off meanwhile, then the sector links), elsewhere with ``bulk_create``.
  On PostgreSQL the showcase tables' secondary indexes and foreign keys are dropped for the load
  and made again afterwards, in the same transaction (``demo_copy.without_indexes``): one sorted
  build per index and one join per foreign key instead of an entry and a check per row.
  Only the ids of the showcases sessions name are kept.

``--images`` (off by default, so benchmarks and tests stay fast) also draws pictures with Pillow
(``datafiles.demo_images``): a logo for 70 % of the exhibitors, a 16:9 illustration for 60 % of the
showcases and for every pavilion, with alt text that says they are demo illustrations. Which records
get one, and every picture, follow from ``--seed`` (through a random generator of their own, so the
rows are the same with or without images). They go through the image fields' own checks
(``core.images.prepare_image``), so masters are cleaned and the ``card`` and ``display`` renditions
written. They are stored apart from uploads, in a folder of media storage for this database:
``demo/<database>-<hash>/`` (``demo_media_folder``), so databases that share a media folder (the
development database, the benchmark's, the load test's) never remove each other's pictures. Only this
database's demo rows point into its folder, so ``--replace`` and ``--delete`` empty it once the demo
rows are gone (after the commit), files of an interrupted run included. The pictures are drawn in
threads (one per core; Pillow releases the GIL while it encodes) after the rows are committed; if
drawing fails, the rows stay without images and the files written so far are removed.

``--output FILE.json`` writes the same records as a fixture instead (natural keys, the format of
``fixtures/smart_china_expo_2022.json``, one record per line), loadable with ``loaddata`` into an empty
database; the database is not touched.
"""

import argparse
import hashlib
import json
import math
import os
import pickle
import posixpath
import random
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router, transaction
from django.db.models import ProtectedError
from django.utils import translation
from django.utils.text import slugify
from django_countries import countries as iso_countries

from core.content import one_change
from core.images import prepare_image, write_renditions
from core.translations import DEFAULT_LANGUAGE, column, translated_fields
from datafiles import demo_copy, demo_images, demo_languages
from datafiles.demo_languages import Languages, original_language
from exhibitions.models import Country, Exhibition, KeyFigure, Person, Quote, Sector, Source
from exhibitors.models import Exhibitor, Showcase, Stand
from pavilions.models import Hall, Pavilion, Section
from programme.models import Participation, Session, SessionPerson

PREFIX = "demo-"
SHIPPED_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "smart_china_expo_2022.json"
DEFAULT_BATCH_SIZE = 2000
# The programme keeps this many premieres and as many other showcases of each exhibitor at each
# edition to launch (the rest are only counted): never nearly reached (the command says so if it is).
LAUNCH_CAP = 6
# Folder of media storage for the demo images, one subfolder per database (``demo_media_folder``);
# nothing else may live there.
DEMO_MEDIA = "demo"
LOGO_SHARE = 0.7  # of the exhibitors
SHOWCASE_IMAGE_SHARE = 0.6  # of the showcases; every pavilion gets an image
IMAGE_CHUNK = 64  # pictures drawn between two writes to storage
PEOPLE_PER_EXHIBITOR = 0.1  # the pool of people: speakers and stand leads
MIN_PEOPLE = 12
GUEST_SHARE = 0.15  # of the people: officials and academics, tied to no exhibitor
QUOTE_SHARE = 0.3  # of the people tied to an exhibitor
SESSIONS_PER_DAY_PER_1000 = 20  # sessions a day per 1,000 exhibitors of the edition
MIN_SESSIONS_PER_DAY = 4
UNTIMED_SHARE = 0.04  # of the sessions: no published time (a quarter of them no day either)
NO_END_SHARE = 0.1  # of the timed sessions: a start but no published end

# Halls (metres). Stands stand in blocks: two rows of 3 m deep stands back to back, or islands as
# deep as the block, between aisles; blocks of a section run along its width, sections and
# pavilion areas sit side by side on the hall's floor between cross aisles.
HALL_CAPACITY = 1500  # stands a hall takes before the next one opens (a pavilion is never split)
BLOCK_DEPTH = 6
ROW_AISLES = (3, 3, 4)  # between the blocks of a section or a pavilion
CROSS_AISLES = (4, 5)  # between sections and pavilion areas
SECTION_LENGTHS = (24, 30, 36)  # width of a section of stands outside pavilions
MIN_SECTION = 12  # the widest stand
WALL_AISLE = 5  # along the walls
PAVILION_MARGIN = 1  # around a pavilion's stands, inside its area
PAVILION_AISLE = 3
# (width, depth), weight. Depth 3: a stand of a row; depth 6: an island as deep as the block.
STAND_SIZES = [((3, 3), 34), ((6, 3), 30), ((9, 3), 8), ((6, 6), 15), ((9, 6), 9), ((12, 6), 4)]
PAVILION_STAND_SIZES = [((3, 3), 55), ((6, 3), 33), ((6, 6), 9), ((9, 6), 3)]
OUTDOOR_SHARE = 0.04  # of the stands outside pavilions: an outdoor area, a code but no plan
NORTH_SOUTH_SHARE = 0.4  # of the halls: blocks run north to south rather than west to east
NORTH_ANGLES = (0, 0, 0, 15, 45, 90, 180, 270, 315, 345)

# Models in the order they load: everything a record refers to comes before it.
MODEL_ORDER = [
    Source,
    Country,
    Sector,
    Exhibition,
    KeyFigure,
    Person,
    Hall,
    Pavilion,
    Section,
    Exhibitor,
    Stand,
    Showcase,
    Quote,
    Session,
    SessionPerson,
    Participation,
]
# Models other records point to, looked up by slug (Country by code) when writing the database.
KEYED_MODELS = {
    Source,
    Country,
    Sector,
    Exhibition,
    Person,
    Hall,
    Pavilion,
    Exhibitor,
    Showcase,
    Session,
}
# Reference data shared with real records: created when missing, never changed or deleted.
SHARED_MODELS = {Country, Sector}

# --- Word lists -----------------------------------------------------------------------------------

# ISO code, weight (how many exhibitors come from there), cities.
COUNTRIES = [
    ("CN", 30, ["Chongqing", "Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Chengdu", "Wuhan"]),
    ("BY", 8, ["Minsk", "Gomel", "Brest", "Grodno", "Vitebsk", "Mogilev"]),
    ("RU", 7, ["Moscow", "Saint Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg"]),
    ("DE", 5, ["Berlin", "Munich", "Stuttgart", "Hamburg", "Cologne"]),
    ("KZ", 4, ["Almaty", "Astana", "Shymkent"]),
    ("UZ", 3, ["Tashkent", "Samarkand"]),
    ("US", 3, ["San Jose", "Boston", "Austin", "Pittsburgh"]),
    ("GB", 2, ["London", "Manchester", "Cambridge"]),
    ("FR", 2, ["Paris", "Lyon", "Toulouse"]),
    ("IT", 2, ["Milan", "Turin", "Bologna"]),
    ("ES", 1, ["Madrid", "Barcelona", "Valencia"]),
    ("PL", 2, ["Warsaw", "Kraków", "Wrocław"]),
    ("CZ", 1, ["Prague", "Brno"]),
    ("HU", 1, ["Budapest", "Debrecen"]),
    ("RS", 1, ["Belgrade", "Novi Sad"]),
    ("TR", 2, ["Istanbul", "Ankara", "Izmir"]),
    ("IN", 3, ["Bengaluru", "Pune", "Hyderabad", "Chennai"]),
    ("VN", 2, ["Hanoi", "Ho Chi Minh City"]),
    ("TH", 1, ["Bangkok", "Chiang Mai"]),
    ("MY", 1, ["Kuala Lumpur", "Penang"]),
    ("SG", 2, ["Singapore"]),
    ("ID", 1, ["Jakarta", "Surabaya"]),
    ("KR", 3, ["Seoul", "Busan", "Daejeon"]),
    ("JP", 3, ["Tokyo", "Osaka", "Nagoya"]),
    ("AE", 2, ["Dubai", "Abu Dhabi"]),
    ("SA", 1, ["Riyadh", "Jeddah"]),
    ("EG", 1, ["Cairo", "Alexandria"]),
    ("ZA", 1, ["Johannesburg", "Cape Town"]),
    ("NG", 1, ["Lagos", "Abuja"]),
    ("BR", 1, ["São Paulo", "Curitiba"]),
    ("AR", 1, ["Buenos Aires", "Córdoba"]),
    ("MX", 1, ["Monterrey", "Mexico City"]),
    ("CA", 1, ["Toronto", "Montreal", "Vancouver"]),
    ("AU", 1, ["Sydney", "Melbourne"]),
    ("SE", 1, ["Stockholm", "Gothenburg"]),
    ("FI", 1, ["Helsinki", "Espoo", "Oulu"]),
    ("NL", 1, ["Amsterdam", "Eindhoven"]),
    ("AT", 1, ["Vienna", "Graz"]),
    ("CH", 1, ["Zurich", "Geneva"]),
    ("LT", 1, ["Vilnius", "Kaunas"]),
    ("LV", 1, ["Riga"]),
    ("EE", 1, ["Tallinn", "Tartu"]),
    ("AM", 1, ["Yerevan"]),
    ("AZ", 1, ["Baku"]),
    ("GE", 1, ["Tbilisi"]),
    ("MN", 1, ["Ulaanbaatar"]),
    ("PK", 1, ["Lahore", "Karachi"]),
    ("IL", 1, ["Tel Aviv", "Haifa"]),
    ("KE", 1, ["Nairobi"]),
    ("CL", 1, ["Santiago"]),
]
CYRILLIC_COUNTRIES = {"BY", "RU", "KZ"}
LEGAL_FORMS = {
    "CN": ["Co., Ltd.", "Group Co., Ltd."],
    "KR": ["Co., Ltd."],
    "JP": ["Corporation", "K.K."],
    "BY": ["JSC", "LLC", "OJSC"],
    "RU": ["JSC", "LLC"],
    "KZ": ["JSC", "LLP"],
    "UZ": ["JSC", "LLC"],
    "AM": ["CJSC"],
    "AZ": ["LLC"],
    "GE": ["LLC"],
    "MN": ["LLC"],
    "DE": ["GmbH", "AG"],
    "AT": ["GmbH"],
    "CH": ["AG", "SA"],
    "US": ["Inc.", "Corp.", "LLC"],
    "CA": ["Inc."],
    "FR": ["SA", "SAS"],
    "IT": ["S.p.A.", "S.r.l."],
    "ES": ["S.A.", "S.L."],
    "MX": ["S.A. de C.V."],
    "AR": ["S.A."],
    "BR": ["Ltda.", "S.A."],
    "CL": ["S.A."],
    "PL": ["S.A.", "sp. z o.o."],
    "CZ": ["a.s.", "s.r.o."],
    "HU": ["Zrt.", "Kft."],
    "RS": ["d.o.o."],
    "SE": ["AB"],
    "FI": ["Oy"],
    "NL": ["B.V."],
    "TR": ["A.Ş."],
    "VN": ["JSC"],
    "TH": ["Co., Ltd."],
    "ID": ["PT"],
}
CYRILLIC_LEGAL_FORMS = ["ОАО", "ООО", "ЗАО"]
STEMS = [
    "Nova", "Sino", "Bela", "Volga", "Terra", "Quanta", "Astra", "Bright", "Delta", "Orion",
    "Zenith", "Harbor", "Polar", "Jade", "Amber", "Cedar", "Falcon", "Lotus", "Granite", "Silver",
    "Aurora", "Vector", "Helix", "Pioneer", "Summit", "Meridian", "Crystal", "Eagle", "Horizon",
    "Titan", "Kaskad", "Vega", "Neman", "Yangtze", "Dragon", "Phoenix", "Sapphire", "Atlas", "Nordic",
    "Unity", "Alfa", "Sigma", "Boreal", "Cobalt", "Ember", "Lumen", "Onyx", "Riva", "Stella", "Tundra",
]  # fmt: skip
STEM_SUFFIXES = ["", "", "", "tek", "tron", "ix", "soft", "mash", "lab", "net", "ware", "gen"]
CHINESE_SYLLABLES = "华中智科达通信创新航天宏远瑞安泰恒盛光明长江海龙凯博睿云"
TRANSLIT = {
    "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
    "j": "дж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "кс", "y": "й", "z": "з",
}  # fmt: skip

# Sectors beyond the shipped ones: (slug without prefix, name, parent slug or None, description).
# A parent slug without the prefix is a shipped sector; with it, one defined here (parents come first).
DEMO_SECTORS = [
    ("energy", "Energy", None, "Power generation, storage and grids."),
    ("health", "Health and medicine", None, "Medical technology, biotechnology and care."),
    ("materials", "New materials", None, "Advanced materials and the processes that make them."),
    ("transport", "Transport and logistics", None, "Moving goods and people."),
    ("cybersecurity", "Cybersecurity", "information-technology", "Protecting systems and data."),
    ("cloud-computing", "Cloud computing", "information-technology", "Computing as a service."),
    (
        "fintech",
        "Financial technology",
        "digital-economy",
        "Payments, banking and insurance software.",
    ),
    ("industrial-robots", "Industrial robots", "robotics", "Robots for factories and warehouses."),
    ("service-robots", "Service robots", "robotics", "Robots that work with and for people."),
    ("drones", "Drones", "robotics", "Unmanned aircraft and their software."),
    (
        "electric-vehicles",
        "Electric vehicles",
        "autonomous-driving",
        "Battery-powered cars and buses.",
    ),
    ("lidar-radar", "Lidar and radar", "autonomous-driving", "How vehicles see the road."),
    ("smart-grid", "Smart grid", "smart-city", "Metering and control of city power networks."),
    ("public-safety", "Public safety", "smart-city", "Monitoring, emergency response and safety."),
    (
        "precision-farming",
        "Precision farming",
        "agricultural-machinery",
        "Data-guided agriculture.",
    ),
    ("harvesters", "Harvesters", "agricultural-machinery", "Grain and forage harvesters."),
    ("machine-tools", "Machine tools", "metalworking", "Lathes, mills and presses."),
    ("additive-manufacturing", "Additive manufacturing", "metalworking", "3D printing of parts."),
    ("dairy", "Dairy", "food-products", "Milk, cheese and dairy desserts."),
    ("edtech", "Education technology", "education", "Software and devices for learning."),
    ("solar-power", "Solar power", "demo-energy", "Photovoltaic panels and plants."),
    ("hydrogen", "Hydrogen", "demo-energy", "Hydrogen production, storage and fuel cells."),
    ("batteries", "Batteries", "demo-energy", "Cells, packs and storage systems."),
    ("medical-devices", "Medical devices", "demo-health", "Diagnostic and treatment equipment."),
    ("biotech", "Biotechnology", "demo-health", "Biological products and processes."),
    ("telemedicine", "Telemedicine", "demo-health", "Care at a distance."),
    ("graphene", "Graphene", "demo-materials", "Two-dimensional carbon and its uses."),
    ("composites", "Composites", "demo-materials", "Fibre-reinforced and layered materials."),
    ("railways", "Railways", "demo-transport", "Rolling stock, signalling and track."),
    ("aviation", "Aviation", "demo-transport", "Aircraft, parts and airport systems."),
]

# Per sector (or its parent): words for company names and the products shown.
VOCABULARY = {
    "information-technology": (["Technologies", "Systems", "Software"], ["server platform", "edge gateway", "network appliance", "data centre module"]),
    "artificial-intelligence": (["AI", "Intelligence", "Cognitive Systems"], ["vision inspection system", "speech assistant", "recommendation engine", "face recognition terminal", "AI model platform"]),
    "big-data": (["Data", "Analytics"], ["analytics suite", "data lake", "forecasting platform"]),
    "5g-communications": (["Telecom", "Networks", "Communications"], ["5G base station", "private 5G network", "antenna module", "fibre router"]),
    "microchips-semiconductors": (["Semiconductor", "Microelectronics"], ["AI accelerator chip", "power module", "microcontroller", "image sensor chip"]),
    "intelligent-sensing": (["Sensing", "Photonics"], ["smart sensor", "gas sensor array", "thermal camera", "vibration monitor"]),
    "high-performance-computing": (["Computing", "Supercomputing"], ["supercomputer node", "liquid-cooled rack", "GPU cluster"]),
    "digital-economy": (["Digital", "Platforms"], ["e-government portal", "digital wallet", "marketplace platform"]),
    "digital-commerce": (["Commerce", "Trade"], ["cross-border e-commerce platform", "livestream shop", "payment terminal"]),
    "robotics": (["Robotics", "Automation", "Mechatronics"], ["collaborative robot", "robot arm", "welding robot", "mobile robot"]),
    "autonomous-driving": (["Mobility", "Motors", "Autopilot"], ["robotaxi", "autonomous shuttle", "driver assistance system", "self-driving truck"]),
    "smart-city": (["Urban Systems", "City Tech"], ["traffic control system", "smart street light", "city dashboard", "parking sensor network"]),
    "agricultural-machinery": (["Agromash", "Agritech", "Machinery"], ["combine harvester", "forage harvester", "seed drill", "tractor"]),
    "metalworking": (["Metalworks", "Machining", "Steel"], ["CNC lathe", "laser cutter", "press brake", "milling centre"]),
    "food-products": (["Foods", "Agro", "Dairy"], ["chocolate assortment", "cheese range", "buckwheat snack", "frozen dumpling"]),
    "industrial-parks": (["Park", "Development"], ["investment site", "logistics hub", "incubator programme"]),
    "education": (["Academy", "Learning"], ["online course platform", "smart classroom", "exchange programme"]),
    "tourism": (["Travel", "Tours"], ["health resort package", "city tour app", "eco-tourism route"]),
    "demo-energy": (["Energy", "Power"], ["power converter", "energy management system", "turbine controller"]),
    "demo-health": (["Medical", "Health", "Bio"], ["patient monitor", "diagnostic kit", "rehabilitation exoskeleton"]),
    "demo-materials": (["Materials", "Chemicals"], ["coating", "ceramic membrane", "nanofibre filter"]),
    "demo-transport": (["Logistics", "Transport"], ["freight tracking platform", "cargo drone", "container terminal system"]),
    "demo-cybersecurity": (["Security", "Cyber"], ["firewall appliance", "threat detection platform"]),
    "demo-cloud-computing": (["Cloud", "Computing"], ["cloud platform", "container service"]),
    "demo-fintech": (["Pay", "Finance"], ["payment gateway", "mobile banking app"]),
    "demo-drones": (["Aero", "Drones"], ["survey drone", "crop-spraying drone", "delivery drone"]),
    "demo-electric-vehicles": (["Motors", "E-Mobility"], ["electric bus", "electric SUV", "charging station"]),
    "demo-lidar-radar": (["Sensing", "Optics"], ["lidar sensor", "imaging radar"]),
    "demo-harvesters": (["Agromash", "Harvest"], ["combine harvester", "potato harvester"]),
    "demo-solar-power": (["Solar", "Sun Power"], ["solar panel", "solar inverter", "floating solar plant"]),
    "demo-hydrogen": (["Hydrogen", "H2"], ["electrolyser", "fuel cell stack", "hydrogen truck"]),
    "demo-batteries": (["Battery", "Cells"], ["battery pack", "grid storage unit", "sodium-ion cell"]),
    "demo-graphene": (["Graphene", "Carbon"], ["graphene film", "graphene heater"]),
    "demo-railways": (["Rail", "Railway Systems"], ["metro train", "rail signalling system"]),
    "demo-aviation": (["Aero", "Aviation"], ["regional aircraft part", "airport baggage robot"]),
}  # fmt: skip
CHINESE_FIELDS = {
    "information-technology": "信息技术", "digital-economy": "数字科技", "robotics": "机器人",
    "autonomous-driving": "智能汽车", "smart-city": "智慧城市", "agricultural-machinery": "农业机械",
    "metalworking": "机械制造", "food-products": "食品", "industrial-parks": "产业园",
    "education": "教育科技", "tourism": "旅游", "demo-energy": "新能源", "demo-health": "医疗科技",
    "demo-materials": "新材料", "demo-transport": "物流",
}  # fmt: skip
ADJECTIVES = [
    "Smart", "Compact", "Autonomous", "Heavy-duty", "Modular", "Next-generation", "Low-power",
    "High-speed", "Connected", "Solar-powered", "Hybrid", "AI-assisted", "Portable", "Precision",
    "Cloud-based", "Rugged", "Quiet", "Lightweight",
]  # fmt: skip
MARKETS = [
    "factories", "farms", "hospitals", "city governments", "logistics companies", "carmakers",
    "schools and universities", "retailers", "power utilities", "mines", "airports", "ports",
]  # fmt: skip
BENEFITS = [
    "cuts energy use by a fifth",
    "needs no operator on site",
    "is assembled from locally made parts",
    "works in temperatures from -40 to +50 °C",
    "connects to existing factory systems",
    "halves the time to set up a production line",
    "is certified for export to the Eurasian Economic Union",
    "runs on a domestic operating system",
    "can be serviced remotely",
    "was developed with a university laboratory",
]
KINDS = [
    (Exhibitor.Kind.COMPANY, 82),
    (Exhibitor.Kind.JOINT_VENTURE, 6),
    (Exhibitor.Kind.INDUSTRIAL_PARK, 3),
    (Exhibitor.Kind.PUBLIC_BODY, 3),
    (Exhibitor.Kind.RESEARCH_BODY, 4),
    (Exhibitor.Kind.ASSOCIATION, 2),
]
SHOWCASE_KINDS = [
    (Showcase.Kind.PRODUCT, 50),
    (Showcase.Kind.TECHNOLOGY, 20),
    (Showcase.Kind.APPLICATION, 20),
    (Showcase.Kind.INNOVATION, 10),
]
FAIRS = [
    {
        "name": "Silk Road Smart Industry Expo",
        "local_name": "丝绸之路智能产业博览会",
        "city": "Xi'an",
        "time_zone": "Asia/Shanghai",
        "hours": (9, 18),  # opening hours, local
        "country": "CN",
        "venue": "Xi'an International Expo Center",
        "month": 9,
        "day": 10,
        "first_year": 2017,
        "years": [2022, 2023, 2024, 2025],
        "organisers": "Silk Road Smart Industry Expo organising committee",
        "halls": ["N1", "N2", "N3", "N4", "N5", "S1", "S2", "S3", "S4", "S5"],
        "themes": ["Smart industry for a connected Eurasia", "Digital twins of the real economy"],
    },
    {
        "name": "Eurasian Agritech Fair",
        "local_name": "Евразийская агротехническая выставка",
        "city": "Minsk",
        "time_zone": "Europe/Minsk",
        "hours": (10, 18),  # opening hours, local
        "country": "BY",
        "venue": "Minsk Expo Pavilion",
        "month": 6,
        "day": 3,
        "first_year": 2019,
        "years": [2023, 2024, 2025],
        "organisers": "Eurasian Agritech Fair directorate",
        "halls": ["A", "B", "C", "D", "E", "F"],
        "themes": ["Machines that feed the world", "Precision farming at scale"],
    },
    {
        "name": "Baltic Robotics and Automation Week",
        "local_name": "",
        "city": "Riga",
        "time_zone": "Europe/Riga",
        "hours": (9, 17),  # opening hours, local
        "country": "LV",
        "venue": "Ķīpsala International Exhibition Centre",
        "month": 4,
        "day": 14,
        "first_year": 2020,
        "years": [2024, 2025],
        "organisers": "Baltic Automation Association",
        "halls": ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"],
        "themes": ["Robots at work", "Automation for small factories"],
    },
    {
        "name": "Central Asia Digital Forum and Expo",
        "local_name": "",
        "city": "Almaty",
        "time_zone": "Asia/Almaty",
        "hours": (10, 19),  # opening hours, local
        "country": "KZ",
        "venue": "Atakent Exhibition Centre",
        "month": 10,
        "day": 19,
        "first_year": 2021,
        "years": [2023, 2024],
        "organisers": "Central Asia Digital Forum secretariat",
        "halls": ["9", "10", "11", "12", "13"],
        "themes": ["Digital roads across the steppe", "Data for development"],
    },
]
THEMED_PAVILIONS = [
    (
        "Artificial Intelligence Hall",
        ["artificial-intelligence", "big-data", "demo-cloud-computing"],
    ),
    (
        "Robotics Arena",
        ["robotics", "demo-industrial-robots", "demo-service-robots", "demo-drones"],
    ),
    ("Smart Mobility Zone", ["autonomous-driving", "demo-electric-vehicles", "demo-lidar-radar"]),
    (
        "Green Energy Pavilion",
        ["demo-energy", "demo-solar-power", "demo-hydrogen", "demo-batteries"],
    ),
    ("Agritech Village", ["agricultural-machinery", "demo-precision-farming", "demo-harvesters"]),
    ("Smart City Square", ["smart-city", "demo-smart-grid", "demo-public-safety"]),
    ("Health Tech Hall", ["demo-health", "demo-medical-devices", "demo-biotech"]),
    ("Start-up Alley", []),
]
SECTION_TITLES = [
    "Industry and investment",
    "Innovation and research",
    "Regions and free economic zones",
    "Education and tourism",
    "Start-ups",
    "Food tasting",
    "Business meetings",
]
FIRST_NAMES = {
    "CN": ["Wei", "Li", "Jun", "Hao", "Ming", "Xiaoling", "Yan", "Lei", "Fang", "Jing", "Tao"],
    "cyrillic": ["Alexei", "Dmitry", "Irina", "Olga", "Sergei", "Natalia", "Andrei", "Yulia", "Pavel"],
    "other": ["Anna", "Thomas", "Maria", "Lukas", "Sofia", "David", "Elena", "Marco", "Sara", "Amir"],
}  # fmt: skip
LAST_NAMES = {
    "CN": ["Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu"],
    "cyrillic": ["Ivanov", "Kovalenko", "Sokolov", "Morozov", "Volkov", "Lebedev", "Zhukov"],
    "other": ["Schmidt", "Rossi", "Garcia", "Nowak", "Müller", "Kim", "Sato", "Khan", "Silva"],
}
ROLES = ["Chief executive", "Head of export", "Chief engineer", "Sales director", "Founder"]
# People tied to no exhibitor: the programme's officials and academics.
GUEST_ROLES = [
    "Deputy Minister of Industry of {country}",
    "Head of the {city} Investment Agency",
    "Professor, {city} University of Technology",
    "Director, {country} Academy of Sciences",
    "Chair, {country} Chamber of Commerce and Industry",
    "Trade representative of {country}",
]
SESSION_KINDS = [
    (Session.Kind.TALK, 30),
    (Session.Kind.PANEL, 18),
    (Session.Kind.LAUNCH, 14),
    (Session.Kind.WORKSHOP, 12),
    (Session.Kind.FORUM, 10),
    (Session.Kind.TASTING, 6),
    (Session.Kind.CEREMONY, 3),
]
DURATIONS = {  # minutes
    Session.Kind.TALK: [20, 30, 30, 45],
    Session.Kind.PANEL: [60, 60, 75, 90],
    Session.Kind.LAUNCH: [30, 30, 45],
    Session.Kind.WORKSHOP: [60, 90, 120],
    Session.Kind.FORUM: [90, 120, 180],
    Session.Kind.TASTING: [60, 90, 120],
    Session.Kind.CEREMONY: [30, 45, 60],
}
ROOMS = [
    "Congress Hall", "Main Stage", "Conference Room A", "Conference Room B", "Conference Room C",
    "Room 2.01", "Room 2.14", "Room 3.05", "Press Centre", "Business Lounge", "Start-up Stage",
]  # fmt: skip
PANEL_TITLES = [
    "Panel: who pays for {sector}?",
    "Panel: what {market} need from {products}",
    "Panel: can {products} cross borders?",
    "Panel: standards for {products}",
    "Panel: {sector} after the subsidies",
]
WORKSHOP_TITLES = [
    "Workshop: programming {products}",
    "Workshop: servicing {products}",
    "Hands-on: {products} for {market}",
    "Workshop: choosing {products}",
]
FOODS = [
    "meat and sausages",
    "chocolate and sweets",
    "cheese",
    "honey",
    "tea",
    "bread and pastries",
]
QUOTES = [
    "We came to {exhibition} to meet partners, and we leave with {n} signed agreements.",
    "Our {product} was designed for {market}, and that is who stopped at our stand.",
    "Visitors asked most about {product}; next year we will bring two.",
    "{country} and its partners can build this together, not just trade it.",
    "A stand is a conversation: you show {a_product}, and people tell you what they need.",
]


def plural(noun):
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def a(phrase):
    """The phrase with its indefinite article."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def join_words(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def transliterate(word):
    out = "".join(TRANSLIT.get(ch, ch) for ch in word.lower())
    return out[:1].upper() + out[1:]


def weighted(rng, pairs):
    """One item of ``(item, weight)`` pairs."""
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def shipped_sectors():
    """The sector records of the shipped data set, in file order (parents before children)."""
    try:
        records = json.loads(SHIPPED_FIXTURE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(
            f"Cannot read the shipped sectors from {SHIPPED_FIXTURE}: {exc}"
        ) from exc
    sectors = [r["fields"] for r in records if r.get("model") == "exhibitions.sector"]
    return sorted(sectors, key=lambda f: f["parent"] is not None)


class DemoData:
    """Builds the records, in fixture form: ``{"model": label, "fields": {...}}`` with natural keys."""

    def __init__(self, exhibitors, showcases, seed, chunk_size=None):
        """With ``chunk_size``, showcases are not kept: they go to a temporary file in chunks of
        that many records as they are made, and ``showcase_chunks`` reads them back one chunk at
        a time (``records[Showcase]`` stays empty)."""
        self.seed = seed
        self.rng = random.Random(seed)
        self.n_exhibitors = exhibitors
        self.n_showcases = showcases
        self.records = {model: [] for model in MODEL_ORDER}
        self.chunk_size = chunk_size
        self.spill = tempfile.TemporaryFile() if chunk_size else None  # pickled chunks
        self.pending = []  # showcases not yet written to ``spill``
        self.source_key = [PREFIX + "generated-directory"]
        self.languages = Languages(seed)

    def add(self, model, **fields):
        self.records[model].append(fields)
        return fields

    def build(self):
        self.build_source()
        self.build_countries()
        self.build_sectors()
        self.build_exhibitions()
        self.build_pavilions()
        self.build_exhibitors()
        self.build_stands()
        self.build_halls()
        self.build_showcases()
        self.build_people()
        self.build_programme()
        self.build_key_figures()
        for exhibitor in self.exhibitors:
            del exhibitor["_sector"], exhibitor["_brand_zh"]
        if self.spill:
            self.flush_showcases()
        return self

    def count(self, model):
        return self.n_showcases if model is Showcase else len(self.records[model])

    def add_showcase(self, fields):
        if self.spill is None:
            self.records[Showcase].append(fields)
            return
        self.pending.append(fields)
        if len(self.pending) >= self.chunk_size:
            self.flush_showcases()

    def flush_showcases(self):
        if self.pending:
            pickle.dump(self.pending, self.spill, protocol=pickle.HIGHEST_PROTOCOL)
            self.pending = []

    def showcase_chunks(self, size=DEFAULT_BATCH_SIZE):
        """The showcase records in generation order, a list at a time (of ``chunk_size`` records
        when spilled, else of ``size``): never all of them at once when spilled."""
        if self.spill is None:
            records = self.records[Showcase]
            for first in range(0, len(records), size):
                yield records[first : first + size]
            return
        self.spill.seek(0)
        while True:
            try:
                yield pickle.load(self.spill)
            except EOFError:
                return

    def model_records(self, model):
        if model is Showcase:
            for chunk in self.showcase_chunks():
                yield from chunk
        else:
            yield from self.records[model]

    def fixture_records(self):
        for model in MODEL_ORDER:
            label = model._meta.label_lower
            for fields in self.model_records(model):
                yield {"model": label, "fields": fields}

    # -- reference data

    def build_source(self):
        self.add(
            Source,
            slug=self.source_key[0],
            title="Generated demo directory",
            publisher="Expo Directory",
            author="",
            published_on=None,
            url="",
        )

    def build_countries(self):
        names = dict(iso_countries)
        self.country_codes = [code for code, _, _ in COUNTRIES]
        self.country_weights = [(code, weight) for code, weight, _ in COUNTRIES]
        self.cities = {code: cities for code, _, cities in COUNTRIES}
        self.country_names = {code: str(names[code]) for code in self.country_codes}
        for code in self.country_codes:
            zh, ru = self.languages.country(code)
            self.add(Country, code=code, name=self.country_names[code], name_zh_hans=zh, name_ru=ru)

    def build_sectors(self):
        self.parent_of = {}
        self.sector_names = {}
        for fields in shipped_sectors():
            parent = fields["parent"][0] if fields["parent"] else None
            self.add(
                Sector,
                slug=fields["slug"],
                name=fields["name"],
                **{name: fields[name] for name in demo_languages.SECTOR_FIELDS if name in fields},
                description=fields.get("description", ""),
                parent=[parent] if parent else None,
            )
            self.parent_of[fields["slug"]] = parent
            self.sector_names[fields["slug"]] = fields["name"]
        for slug, name, parent, description in DEMO_SECTORS:
            zh, ru = demo_languages.SECTORS[slug]
            slug = PREFIX + slug
            self.add(
                Sector,
                slug=slug,
                name=name,
                name_zh_hans=zh,
                name_ru=ru,
                description=description,
                parent=[parent] if parent else None,
            )
            self.parent_of[slug] = parent
            self.sector_names[slug] = name
        parents = set(self.parent_of.values())
        # Exhibitors are filed mostly under the most specific sectors.
        self.leaf_sectors = [s for s in self.parent_of if s not in parents]
        self.children = defaultdict(list)
        for slug, parent in self.parent_of.items():
            if parent:
                self.children[parent].append(slug)

    def top(self, sector):
        return self.parent_of.get(sector) or sector

    def vocabulary(self, sector):
        return VOCABULARY.get(sector) or VOCABULARY[self.top(sector)]

    # -- exhibitions and pavilions

    def build_exhibitions(self):
        rng = self.rng
        self.exhibitions = []
        self.fair_of = []  # exhibition index -> its fair
        self.organiser_of = {}
        for fair in FAIRS:
            for year in fair["years"]:
                starts = date(year, fair["month"], fair["day"]) + timedelta(days=rng.randrange(7))
                ends = starts + timedelta(days=rng.choice([2, 3, 3]))
                edition = year - fair["first_year"] + 1
                slug = f"{PREFIX}{slugify(fair['name'])}-{year}"
                country = self.country_names[fair["country"]]
                self.organiser_of[slug] = fair["organisers"]
                self.fair_of.append(fair)
                name_zh, name_ru = demo_languages.FAIRS[fair["name"]]
                city_zh, city_ru = self.languages.city(fair["city"])
                fields = self.add(
                    Exhibition,
                    slug=slug,
                    original_language=original_language(fair["country"]),
                    name=f"{fair['name']} {year}",
                    name_zh_hans=f"{year}{name_zh}",
                    name_ru=f"{name_ru} {year}",
                    local_name=fair["local_name"],
                    edition=edition,
                    year=year,
                    city=fair["city"],
                    city_zh_hans=city_zh,
                    city_ru=city_ru,
                    country=[fair["country"]],
                    venue=fair["venue"],
                    starts_on=starts,
                    ends_on=ends,
                    theme=rng.choice(fair["themes"]),
                    time_zone=fair["time_zone"],
                    summary=(
                        f"The {ordinal(edition)} {fair['name']}, held in {fair['city']}, "
                        f"{country}, from {starts.day} {starts:%B} to {ends.day} {ends:%B %Y}."
                    ),
                    description=(
                        f"{fair['name']} brings together makers, research bodies and public agencies "
                        f"from across Eurasia at the {fair['venue']}. National pavilions sit beside "
                        f"themed halls; most exhibitors show products launched in the past year."
                    ),
                    website=f"https://{slugify(fair['name'])}.example.com/{year}/",
                    sources=[self.source_key],
                )
                self.exhibitions.append(fields)
        # Later editions draw more exhibitors.
        self.exhibition_weights = [(i, ex["year"] - 2020) for i, ex in enumerate(self.exhibitions)]

    def build_pavilions(self):
        rng = self.rng
        self.national_pavilions = {}  # (exhibition index, country code) -> slug
        self.themed_pavilions = defaultdict(list)  # exhibition index -> [(slug, sectors)]
        for i, exhibition in enumerate(self.exhibitions):
            countries, wanted = [], rng.randint(5, 9)
            while len(countries) < wanted:
                code = weighted(rng, self.country_weights)
                if code not in countries:
                    countries.append(code)
            for code in countries:
                name = self.country_names[code]
                name_zh, name_ru = self.languages.country(code)
                slug = f"{exhibition['slug']}-{code.lower()}-pavilion"
                self.add_pavilion(
                    exhibition,
                    slug,
                    original_language=original_language(code),
                    name=f"{name} pavilion",
                    name_zh_hans=f"{name_zh}国家馆",
                    name_ru=f"Национальный павильон: {name_ru}",
                    country=[code],
                    organiser=f"{name} Chamber of Commerce and Industry",
                    summary=(
                        f"{name} at {exhibition['name']}: industry, research and regions of "
                        f"{name} in one place."
                    ),
                )
                self.national_pavilions[(i, code)] = slug
            for theme, sectors in rng.sample(THEMED_PAVILIONS, rng.randint(2, 4)):
                slug = f"{exhibition['slug']}-{slugify(theme)}"
                name_zh, name_ru = demo_languages.THEMED_PAVILIONS[theme]
                self.add_pavilion(
                    exhibition,
                    slug,
                    original_language=exhibition["original_language"],
                    name=theme,
                    name_zh_hans=name_zh,
                    name_ru=name_ru,
                    country=None,
                    organiser=self.organiser_of[exhibition["slug"]],
                    summary=f"A themed area of {exhibition['name']}.",
                )
                self.themed_pavilions[i].append((slug, set(sectors)))

    def add_pavilion(self, exhibition, slug, **fields):
        rng = self.rng
        fields["description"] = (
            f"{fields['summary']} Visitors meet {rng.randint(8, 60)} organisations here, "
            f"with product demonstrations every day of the exhibition."
        )
        self.add(
            Pavilion,
            exhibition=[exhibition["slug"]],
            slug=slug,
            image="",
            image_alt="",
            people=[],
            sources=[self.source_key],
            published=True,
            location="",  # the hall of its area, once the halls are laid out
            hall=None,
            area_x=None,
            area_y=None,
            area_width=None,
            area_depth=None,
            **fields,
        )
        for position, title in enumerate(rng.sample(SECTION_TITLES, rng.randint(1, 3)), start=1):
            self.add(
                Section,
                pavilion=[slug],
                position=position,
                title=title,
                text=f"{title} at the {fields['name']}.",
            )

    # -- exhibitors

    def build_exhibitors(self):
        rng = self.rng
        self.exhibitors = []
        self.companies = []  # indexes of companies, partners for joint ventures
        base = datetime(2022, 1, 1, 8, 0, tzinfo=UTC)
        for i in range(self.n_exhibitors):
            kind = weighted(rng, KINDS)
            country = weighted(rng, self.country_weights)
            countries = [country]
            if kind == Exhibitor.Kind.JOINT_VENTURE or rng.random() < 0.08:
                other = "CN" if country != "CN" else weighted(rng, self.country_weights)
                if other != country:
                    countries.append(other)
            sector = rng.choice(self.leaf_sectors)
            sectors = [sector]
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                siblings = self.children.get(self.top(sector)) or self.leaf_sectors
                extra = rng.choice(siblings if rng.random() < 0.6 else self.leaf_sectors)
                if extra not in sectors:
                    sectors.append(extra)
            city = rng.choice(self.cities[country])
            name, local_name, zh, ru, brand = self.exhibitor_name(kind, countries, sector, city)
            city_zh, city_ru = self.languages.city(city)
            partners = []
            if kind == Exhibitor.Kind.JOINT_VENTURE and len(self.companies) >= 2:
                partners = [self.exhibitors[j]["slug"] for j in rng.sample(self.companies, 2)]
            elif self.companies and rng.random() < 0.05:
                partners = [self.exhibitors[rng.choice(self.companies)]["slug"]]
            founded = None
            if rng.random() < 0.85:
                founded = rng.randint(1992, 2021) if rng.random() < 0.7 else rng.randint(1930, 1991)
            products = self.vocabulary(sector)[1]
            fields = self.add(
                Exhibitor,
                slug=f"{PREFIX}{slugify(name)[:90]}-{i + 1}",
                original_language=original_language(country),
                name=name,
                name_zh_hans=zh,
                name_ru=ru,
                local_name=local_name,
                kind=kind,
                countries=[[c] for c in countries],
                sectors=[[s] for s in sectors],
                partners=[[p] for p in partners],
                summary=self.exhibitor_summary(kind, products, city, countries),
                description=self.exhibitor_description(name, founded, products, countries),
                website=f"https://{slugify(name)[:40].strip('-')}.example.com/",
                logo="",
                founded=founded,
                headquarters=city,
                headquarters_zh_hans=city_zh,
                headquarters_ru=city_ru,
                headquarters_country=[country],
                people=[],
                sources=[self.source_key],
                published=rng.random() < 0.98,
                created_at=base + timedelta(minutes=47 * i, seconds=rng.randrange(60)),
            )
            fields["_sector"] = sector
            fields["_brand_zh"] = brand
            self.exhibitors.append(fields)
            if kind == Exhibitor.Kind.COMPANY:
                self.companies.append(i)

    def exhibitor_name(self, kind, countries, sector, city):
        """The exhibitor's English name and local name, its names in Chinese and Russian
        (``demo_languages``) and its Chinese brand."""
        rng = self.rng
        country = countries[0]
        stem = rng.choice(STEMS) + rng.choice(STEM_SUFFIXES)
        field_word = rng.choice(self.vocabulary(sector)[0])
        sector_name = self.sector_names[sector]
        country_name = self.country_names[country]
        city_zh, city_ru = self.languages.city(city)
        country_zh, country_ru = self.languages.country(country)
        field_zh = CHINESE_FIELDS.get(self.top(sector), "科技")
        local_name = zh = ru = ""
        if kind == Exhibitor.Kind.COMPANY:
            legal = rng.choice(LEGAL_FORMS.get(country, ["Ltd"]))
            name = f"{stem} {field_word} {legal}" if rng.random() < 0.7 else f"{stem} {legal}"
        elif kind == Exhibitor.Kind.JOINT_VENTURE:
            other = rng.choice(STEMS)
            name = f"{stem}-{other} {field_word} Joint Venture"
        elif kind == Exhibitor.Kind.INDUSTRIAL_PARK:
            name = f"{city} {stem} Industrial Park"
            zh = f"{city_zh}国际产业园"
            ru = f"Индустриальный парк «{transliterate(stem)}», {city_ru}"
        elif kind == Exhibitor.Kind.PUBLIC_BODY:
            name, zh, ru = rng.choice(
                [
                    (
                        f"{city} Investment Promotion Agency",
                        f"{city_zh}投资促进局",
                        f"Агентство по привлечению инвестиций, {city_ru}",
                    ),
                    (
                        f"{country_name} Export Development Board",
                        f"{country_zh}出口发展委员会",
                        f"Совет по развитию экспорта, {country_ru}",
                    ),
                    (
                        f"Trade Mission of {country_name}",
                        f"{country_zh}贸易代表处",
                        f"Торговое представительство, {country_ru}",
                    ),
                ]
            )
        elif kind == Exhibitor.Kind.RESEARCH_BODY:
            name, zh, ru = rng.choice(
                [
                    (
                        f"{city} Institute of {sector_name}",
                        f"{city_zh}{field_zh}研究院",
                        f"Научно-исследовательский институт, {city_ru}",
                    ),
                    (
                        f"{stem} Research Centre for {sector_name}",
                        f"{self.languages.brand()}{field_zh}研究中心",
                        f"Научный центр «{transliterate(stem)}»",
                    ),
                ]
            )
        else:
            name = f"{country_name} {sector_name} Association"
            zh = f"{country_zh}{field_zh}协会"
            ru = f"Отраслевая ассоциация, {country_ru}"
        brand = city_zh  # what its showcases' Chinese names start with
        if kind in (Exhibitor.Kind.COMPANY, Exhibitor.Kind.JOINT_VENTURE):
            if country == "CN" and rng.random() < 0.7:
                syllables = "".join(rng.sample(CHINESE_SYLLABLES, 2))
                local_name = f"{syllables}{CHINESE_FIELDS[self.top(sector)]}有限公司"
            elif country in CYRILLIC_COUNTRIES and rng.random() < 0.5:
                local_name = f"{rng.choice(CYRILLIC_LEGAL_FORMS)} «{transliterate(stem)}»"
            zh, ru, brand = self.languages.company(local_name)
        return name, local_name, zh, ru, brand

    def exhibitor_summary(self, kind, products, city, countries):
        rng = self.rng
        shown = join_words([plural(p) for p in rng.sample(products, min(2, len(products)))])
        where = f"{city}, {self.country_names[countries[0]]}"
        if kind == Exhibitor.Kind.INDUSTRIAL_PARK:
            return (
                f"Industrial park in {where} offering sites and incentives for makers of {shown}."
            )
        if kind == Exhibitor.Kind.PUBLIC_BODY:
            return f"Public agency in {where} that helps exporters of {shown} find partners abroad."
        if kind == Exhibitor.Kind.RESEARCH_BODY:
            return f"Research body in {where} developing {shown} with industrial partners."
        if kind == Exhibitor.Kind.ASSOCIATION:
            return f"Association of makers of {shown}, based in {where}."
        verb = rng.choice(["Maker of", "Developer of", "Supplier of", "Designer of"])
        summary = f"{verb} {shown} for {rng.choice(MARKETS)}, based in {where}."
        if len(countries) > 1:
            summary += f" Works in {self.country_names[countries[1]]} too."
        return summary

    def exhibitor_description(self, name, founded, products, countries):
        rng = self.rng
        sentences = []
        if founded:
            sentences.append(
                f"Founded in {founded}, {name} employs about {rng.randrange(20, 5000, 10)} people."
            )
        product = rng.choice(products)
        sentences.append(f"Its {product} {rng.choice(BENEFITS)}.")
        sentences.append(
            f"It exports to {rng.randint(2, 60)} countries and sells mostly to "
            f"{rng.choice(MARKETS)}."
        )
        if len(countries) > 1:
            sentences.append(
                f"Production is shared between {self.country_names[countries[0]]} and "
                f"{self.country_names[countries[1]]}."
            )
        if rng.random() < 0.5:
            sentences.append(
                f"At exhibitions it shows its latest {plural(rng.choice(products))} and meets "
                f"distributors."
            )
        return " ".join(sentences)

    # -- stands and showcases

    def build_stands(self):
        rng = self.rng
        self.stands_of = []  # exhibitor index -> [exhibition index]
        for exhibitor in self.exhibitors:
            count = rng.choices([1, 2, 3], weights=[55, 30, 15])[0]
            attended = []
            while len(attended) < count:
                i = weighted(rng, self.exhibition_weights)
                if i not in attended:
                    attended.append(i)
            attended.sort()
            self.stands_of.append(attended)
            top = self.top(exhibitor["_sector"])
            for i in attended:
                pavilion = None
                national = self.national_pavilions.get((i, exhibitor["countries"][0][0]))
                themed = [
                    slug
                    for slug, sectors in self.themed_pavilions[i]
                    if exhibitor["_sector"] in sectors or top in sectors
                ]
                if national and rng.random() < 0.75:
                    pavilion = national
                elif themed and rng.random() < 0.6:
                    pavilion = themed[0]
                elif rng.random() < 0.1 and self.themed_pavilions[i]:
                    pavilion = rng.choice(self.themed_pavilions[i])[0]
                part = pavilion == national and pavilion is not None and rng.random() < 0.1
                self.add(
                    Stand,
                    exhibitor=[exhibitor["slug"]],
                    exhibition=[self.exhibitions[i]["slug"]],
                    pavilion=[pavilion] if pavilion else None,
                    kind=Stand.Kind.PAVILION_PART if part else Stand.Kind.STAND,
                    booth="",  # the code and position come with the halls (build_halls)
                    hall=None,
                    x=None,
                    y=None,
                    width=None,
                    depth=None,
                    sources=[self.source_key],
                )

    # -- halls: the floor plans

    def build_halls(self):
        """Lay out the halls of every edition and give each stand on a plan its place and code.

        The stands of a pavilion stand together in its area; the others fill sections of blocks
        between aisles, grouped by sector. An edition takes as many halls as it needs at
        ``HALL_CAPACITY`` stands each; codes follow the hall and the reading order of its plan
        (``N3-012``), so they are unique in the exhibition. Parts of a pavilion have no stand of
        their own (no code, no position, but room in its area), and a few stands outside
        pavilions are in the outdoor area (a code, ``OUT-03``, but no hall). Everything here
        comes from a random generator of its own, so the other rows do not depend on it.
        """
        rng = random.Random(f"{self.seed}-halls")
        sector_of = {e["slug"]: self.top(e["_sector"]) for e in self.exhibitors}
        stands_at = defaultdict(list)
        for stand in self.records[Stand]:
            stands_at[stand["exhibition"][0]].append(stand)
        pavilions_at = defaultdict(list)
        for pavilion in self.records[Pavilion]:
            pavilions_at[pavilion["exhibition"][0]].append(pavilion)
        for i, exhibition in enumerate(self.exhibitions):
            slug = exhibition["slug"]
            self.lay_out_edition(
                rng, self.fair_of[i], exhibition, stands_at[slug], pavilions_at[slug], sector_of
            )

    def lay_out_edition(self, rng, fair, exhibition, stands, pavilions, sector_of):
        members = defaultdict(list)  # pavilion slug -> [(width, depth, stand)]
        parts = defaultdict(int)  # pavilion slug -> its parts
        free, outdoor = [], []
        for stand in stands:
            pavilion = stand["pavilion"][0] if stand["pavilion"] else None
            if stand["kind"] == Stand.Kind.PAVILION_PART:
                parts[pavilion] += 1
            elif pavilion:
                members[pavilion].append((*weighted(rng, PAVILION_STAND_SIZES), stand))
            elif rng.random() < OUTDOOR_SHARE:
                outdoor.append(stand)
            else:
                free.append((*weighted(rng, STAND_SIZES), stand))
        for n, stand in enumerate(outdoor, start=1):
            stand["booth"] = f"OUT-{n:02d}"
        # Neighbours share a sector; islands open each sector's run.
        free.sort(key=lambda item: (sector_of[item[2]["exhibitor"][0]], -item[1], -item[0]))
        groups = [
            pavilion_group(pavilion, members[pavilion["slug"]], parts[pavilion["slug"]])
            for pavilion in pavilions
            if members[pavilion["slug"]] or parts[pavilion["slug"]]
        ]
        # Fill each hall up to its capacity: the pavilions first (whole), then the other stands.
        loads, count = [([], [])], 0
        for group in groups:
            if count and count + len(group.stands) > HALL_CAPACITY:
                loads.append(([], []))
                count = 0
            loads[-1][0].append(group)
            count += len(group.stands)
        first = 0
        while first < len(free):
            if count >= HALL_CAPACITY:
                loads.append(([], []))
                count = 0
            taken = free[first : first + HALL_CAPACITY - count]
            loads[-1][1].extend(taken)
            count += len(taken)
            first += len(taken)
        names = []
        if groups or free:
            codes = fair["halls"]
            if len(loads) <= len(codes):
                start = rng.randrange(len(codes) - len(loads) + 1)
                codes = codes[start : start + len(loads)]
            else:  # more halls than the venue has: temporary ones
                codes = codes + [f"T{n}" for n in range(1, len(loads) - len(codes) + 1)]
            for position, (code, (hall_groups, hall_free)) in enumerate(
                zip(codes, loads, strict=True), 1
            ):
                names.append(
                    self.lay_out_hall(rng, exhibition, position, code, hall_groups, hall_free)
                )
        for pavilion in pavilions:
            if not pavilion["hall"] and names:
                pavilion["location"] = rng.choice(names)

    def lay_out_hall(self, rng, exhibition, position, code, groups, free):
        """One hall: pavilion areas and sections of stands on shelves between cross aisles, the
        tallest areas first, sections filling each shelf beside and below them. Returns its name."""
        aisle = rng.choice(ROW_AISLES)
        cross = rng.choice(CROSS_AISLES)
        section = rng.choice(SECTION_LENGTHS)
        shelf_depth = rng.choice((3, 4, 5)) * (BLOCK_DEPTH + aisle) - aisle  # without pavilions
        # Floor space: the areas, and the stands with their share of the aisles.
        floor = sum(g.width * g.depth for g in groups) + 1.3 * (
            BLOCK_DEPTH + aisle
        ) / BLOCK_DEPTH * sum(w * d for w, d, _ in free)
        inner = 3 * math.ceil(math.sqrt(floor * rng.uniform(1.2, 1.9)) / 3)
        limit = WALL_AISLE + max(inner, section, *(g.width for g in groups))
        placed = []  # (stand, x, y, width, depth)
        queue = sorted(groups, key=lambda g: -g.depth)
        first, y = 0, WALL_AISLE
        right = bottom = 0
        while queue or first < len(free):
            x, shelf, rest = WALL_AISLE, [], []
            for group in queue:
                if x + group.width <= limit:
                    shelf.append((group, x))
                    x += group.width + cross
                else:
                    rest.append(group)
            queue = rest
            height = max((g.depth for g, _ in shelf), default=shelf_depth)
            for group, gx in shelf:
                group.x, group.y = gx, y
                placed.extend((s, gx + sx, y + sy, w, d) for s, sx, sy, w, d in group.stands)
                right, bottom = max(right, gx + group.width), max(bottom, y + group.depth)
                blocks = fitting_blocks(height - group.depth - cross, aisle)
                if blocks and first < len(free):
                    below = y + group.depth + cross
                    first, _ = fill_blocks(
                        free, first, group.width, blocks, aisle, placed, gx, below
                    )
            blocks = fitting_blocks(height, aisle)
            while first < len(free) and x + MIN_SECTION <= limit:
                width = min(section, (limit - x) // 3 * 3)
                first, _ = fill_blocks(free, first, width, blocks, aisle, placed, x, y)
                x += width + cross
            y += height + cross
        for _, x, y, w, d in placed:
            right, bottom = max(right, x + w), max(bottom, y + d)
        width, depth = right + WALL_AISLE, bottom + WALL_AISLE
        if rng.random() < NORTH_SOUTH_SHARE:  # blocks running north to south
            width, depth = depth, width
            placed = [(s, y, x, d, w) for s, x, y, w, d in placed]
            for group in groups:
                group.x, group.y, group.width, group.depth = (
                    group.y,
                    group.x,
                    group.depth,
                    group.width,
                )
        slug = f"{exhibition['slug']}-hall-{slugify(code)}"
        name = f"Hall {code}"
        name_zh, name_ru = self.languages.hall(code)
        self.add(
            Hall,
            exhibition=[exhibition["slug"]],
            slug=slug,
            name=name,
            name_zh_hans=name_zh,
            name_ru=name_ru,
            position=position,
            width=Decimal(width),
            depth=Decimal(depth),
            entrance=rng.choice(["north", "east", "south", "west"]) if rng.random() < 0.8 else "",
            north=rng.choice(NORTH_ANGLES) if rng.random() < 0.7 else None,
            sources=[self.source_key],
            published=True,
        )
        placed.sort(key=lambda p: (p[2], p[1]))  # codes in reading order
        digits = max(3, len(str(len(placed))))
        for n, (stand, x, y, w, d) in enumerate(placed, start=1):
            stand.update(
                booth=f"{code}-{n:0{digits}d}",
                hall=[slug],
                x=Decimal(x),
                y=Decimal(y),
                width=Decimal(w),
                depth=Decimal(d),
            )
        for group in groups:
            group.pavilion.update(
                location=name,
                location_zh_hans=name_zh,
                location_ru=name_ru,
                hall=[slug],
                area_x=Decimal(group.x),
                area_y=Decimal(group.y),
                area_width=Decimal(group.width),
                area_depth=Decimal(group.depth),
            )
        return name

    def build_showcases(self):
        rng = self.rng
        self.showcase_counts = defaultdict(lambda: [0, 0])  # exhibition index -> [shown, premieres]
        # What the programme reads of an exhibitor's showcases at an edition, by (exhibitor slug,
        # exhibition slug), in generation order: the first two (talks show up to two), and the
        # first ``LAUNCH_CAP`` premieres and other showcases (launches take premieres first), with
        # how many of each there are: a bounded summary, not every showcase.
        self.first_shown = defaultdict(list)
        self.launchable = defaultdict(lambda: ([], [], [0, 0]))  # premieres, others, counts
        self.shown_slugs = set()  # showcases sessions name (their ids are kept when writing)
        for j in range(self.n_showcases):
            if self.exhibitors and rng.random() < 0.97:
                k = rng.randrange(len(self.exhibitors))
                exhibitor = self.exhibitors[k]
                i = rng.choice(self.stands_of[k])
                sector_pool = [s[0] for s in exhibitor["sectors"]]
                maker = [exhibitor["slug"]]
            else:
                exhibitor, maker = None, None
                i = weighted(rng, self.exhibition_weights)
                sector_pool = [rng.choice(self.leaf_sectors)]
            exhibition = self.exhibitions[i]
            sector = rng.choice(sector_pool)
            sectors = [sector]
            if len(sector_pool) > 1 and rng.random() < 0.3:
                sectors = rng.sample(sector_pool, 2)
            product = rng.choice(self.vocabulary(sector)[1])
            model = f"{rng.choice('ABCDEFGHKMNPRSTVXZ')}{rng.choice('ABCDEFGHKMNPRSTVXZ')}-{rng.randrange(10, 990, 10)}"
            adjective = rng.choice(ADJECTIVES)
            name = f"{adjective} {product} {model}"
            brand = exhibitor["_brand_zh"] if exhibitor else self.languages.brand()
            name_zh, name_ru = self.languages.showcase(brand, model)
            premiere = rng.random() < 0.15
            who = exhibitor["name"] if exhibitor else "An unnamed maker"
            summary = f"{who} shows {a(adjective.lower())} {product} that {rng.choice(BENEFITS)}."
            description = (
                f"The {model} is {a(product)} for {rng.choice(MARKETS)}. It {rng.choice(BENEFITS)}, "
                f"and {rng.choice(BENEFITS)}. "
                + (
                    f"It was first shown at {exhibition['name']}."
                    if premiere
                    else f"It is on show at {exhibition['name']}."
                )
            )
            starts = datetime.combine(exhibition["starts_on"], clock(9, 0), tzinfo=UTC)
            showcase = dict(
                exhibition=[exhibition["slug"]],
                exhibitor=maker,
                slug=f"{PREFIX}{slugify(name)[:90]}-{j + 1}",
                original_language=(exhibitor or exhibition)["original_language"],
                name=name,
                name_zh_hans=name_zh,
                name_ru=name_ru,
                kind=weighted(rng, SHOWCASE_KINDS),
                sectors=[[s] for s in sectors],
                summary=summary[:300],
                description=description,
                image="",
                image_alt="",
                premiere=premiere,
                sources=[],
                published=rng.random() < 0.97,
                created_at=starts + timedelta(seconds=rng.randrange(3 * 86400)),
            )
            self.add_showcase(showcase)
            if maker:
                self.remember_showcase((maker[0], exhibition["slug"]), showcase)
            self.showcase_counts[i][0] += 1
            self.showcase_counts[i][1] += premiere

    def remember_showcase(self, key, showcase):
        brief = (showcase["slug"], showcase["name"], showcase["sectors"])  # a tuple: the smallest
        if len(self.first_shown[key]) < 2:
            self.first_shown[key].append(showcase["slug"])
        premieres, others, counts = self.launchable[key]
        kept = premieres if showcase["premiere"] else others
        counts[kept is others] += 1
        if len(kept) < LAUNCH_CAP:
            kept.append(brief)

    def next_launch(self, key):
        """The showcase a launch of this exhibitor at this edition presents: its first premiere
        not launched yet, else its first other showcase not launched yet (None: all are)."""
        if key not in self.launchable:
            return None
        premieres, others, counts = self.launchable[key]
        for kept, count in ((premieres, counts[0]), (others, counts[1])):
            for slug, name, sectors in kept:
                if slug not in self.launched:
                    return {"slug": slug, "name": name, "sectors": sectors}
            if count > len(kept):
                raise CommandError(
                    f"More than {LAUNCH_CAP} launches of one exhibitor's showcases at one edition "
                    f"({key[0]}): raise LAUNCH_CAP."
                )
        return None

    # -- people, quotes and key figures

    def person_name(self, country):
        """The person's name in English, Chinese and Russian."""
        rng = self.rng
        group = (
            "CN" if country == "CN" else "cyrillic" if country in CYRILLIC_COUNTRIES else "other"
        )
        first, last = rng.choice(FIRST_NAMES[group]), rng.choice(LAST_NAMES[group])
        zh, ru = self.languages.person(first, last, chinese_order=group == "CN")
        return (f"{last} {first}" if group == "CN" else f"{first} {last}"), zh, ru

    def build_people(self):
        """The pool of people: stand leads and speakers of exhibitors, and guests tied to none."""
        rng = self.rng
        self.people = []  # person records
        self.person_exhibitor = []  # person index -> exhibitor index, or None for a guest
        self.person_title = []  # person index -> title without the organisation
        self.person_exhibitions = []  # person index -> set of exhibition indexes
        if not self.exhibitors:
            return
        count = max(MIN_PEOPLE, round(PEOPLE_PER_EXHIBITOR * self.n_exhibitors))
        guests = round(GUEST_SHARE * count)
        picks = rng.sample(range(len(self.exhibitors)), min(count - guests, len(self.exhibitors)))
        pavilion_people = defaultdict(list)
        stand_pavilions = defaultdict(list)
        for stand in self.records[Stand]:
            if stand["pavilion"]:
                stand_pavilions[stand["exhibitor"][0]].append(stand["pavilion"][0])
        for n, k in enumerate([*picks, *[None] * guests], start=1):
            if k is None:
                country = weighted(rng, self.country_weights)
                title = rng.choice(GUEST_ROLES).format(
                    country=self.country_names[country], city=rng.choice(self.cities[country])
                )
                role, attended = title, []
            else:
                exhibitor = self.exhibitors[k]
                country = exhibitor["countries"][0][0]
                title = rng.choice(ROLES)
                role = f"{title}, {exhibitor['name']}"
                attended = self.stands_of[k]
            name, name_zh, name_ru = self.person_name(country)
            slug = f"{PREFIX}person-{slugify(name)}-{n}"
            self.people.append(
                self.add(
                    Person,
                    slug=slug,
                    original_language=original_language(country),
                    name=name,
                    name_zh_hans=name_zh,
                    name_ru=name_ru,
                    other_names="",
                    role=role,
                    country=[country],
                    bio="",  # written once the programme is known
                    exhibitions=[],
                    sources=[self.source_key],
                )
            )
            self.person_exhibitor.append(k)
            self.person_title.append(title)
            self.person_exhibitions.append(set(attended))
            if k is None:
                continue
            exhibitor["people"].append([slug])
            for pavilion in stand_pavilions[exhibitor["slug"]]:
                pavilion_people[pavilion].append([slug])
            if rng.random() < QUOTE_SHARE:
                exhibition = self.exhibitions[attended[-1]]
                product = rng.choice(self.vocabulary(exhibitor["_sector"])[1])
                text = rng.choice(QUOTES).format(
                    exhibition=exhibition["name"],
                    n=rng.randint(2, 12),
                    product=product,
                    a_product=a(product),
                    market=rng.choice(MARKETS),
                    country=self.country_names[country],
                )
                self.add(
                    Quote,
                    slug=f"{slug}-quote",
                    person=[slug],
                    text=text,
                    said_on=exhibition["starts_on"],
                    occasion=f"At the stand of {exhibitor['name']}",
                    exhibition=[exhibition["slug"]],
                    source=self.source_key,
                )
        for pavilion in self.records[Pavilion]:
            pavilion["people"] = pavilion_people.get(pavilion["slug"], [])

    # -- the programme

    def build_programme(self):
        """Sessions of every edition, day by day, with their people, sectors, showcases and the
        participations of the organisations involved; then the people's exhibitions and bios."""
        self.participation_count = 0
        stands_at = defaultdict(list)  # exhibition index -> [exhibitor index]
        for k, attended in enumerate(self.stands_of):
            for i in attended:
                stands_at[i].append(k)
        people_at = defaultdict(list)  # exhibition index -> [person index]
        for p, k in enumerate(self.person_exhibitor):
            if k is not None:
                for i in self.stands_of[k]:
                    people_at[i].append(p)
        self.guests = [p for p, k in enumerate(self.person_exhibitor) if k is None]
        self.stand_pavilion = {
            (stand["exhibitor"][0], stand["exhibition"][0]): stand["pavilion"][0]
            for stand in self.records[Stand]
            if stand["pavilion"]
        }
        self.pavilions = {pavilion["slug"]: pavilion for pavilion in self.records[Pavilion]}
        self.launched = set()  # showcase slugs with a launch
        number = 0
        for i, exhibition in enumerate(self.exhibitions):
            exhibitors = stands_at[i]
            if not exhibitors:
                continue
            per_day = sessions_per_day(len(exhibitors))
            days = (exhibition["ends_on"] - exhibition["starts_on"]).days + 1
            for day in range(days):
                jitter = per_day // 10
                count = per_day + self.rng.randint(-jitter, jitter)
                for n in range(count):
                    if day == 0 and n == 0:
                        kind = "opening"
                    elif day == days - 1 and n == count - 1:
                        kind = "closing"
                    else:
                        kind = weighted(self.rng, SESSION_KINDS)
                    number += 1
                    self.build_session(i, day, kind, number, exhibitors, people_at[i])
            self.build_organisers(i, exhibitors)
        for p, person in enumerate(self.people):
            attended = sorted(self.person_exhibitions[p])
            person["exhibitions"] = [[self.exhibitions[i]["slug"]] for i in attended]
            names = join_words([self.exhibitions[i]["name"] for i in attended]) if attended else ""
            k = self.person_exhibitor[p]
            if k is None:
                person["bio"] = f"{person['role']}." + (
                    f" In the programme of {names}." if names else ""
                )
            else:
                person["bio"] = (
                    f"{person['name']} leads the stand of {self.exhibitors[k]['name']}"
                    + (f" at {names}." if names else ".")
                )

    def build_session(self, i, day, kind, number, exhibitors, pool):
        rng = self.rng
        exhibition = self.exhibitions[i]
        fair = self.fair_of[i]
        ceremony = kind in ("opening", "closing")
        if ceremony:
            title = "Opening ceremony" if kind == "opening" else "Closing ceremony and awards"
            kind = Session.Kind.CEREMONY
        fields = {"pavilion": None, "sectors": [], "showcases": []}
        speakers, moderators, participants = [], [], []
        host = None  # exhibitor index the session is about
        launch = None
        if kind == Session.Kind.TASTING:
            national = [
                slug
                for (j, code), slug in sorted(self.national_pavilions.items())
                if j == i and code != fair["country"]
            ]
            if national:
                pavilion = self.pavilions[rng.choice(national)]
                country = self.country_names[pavilion["country"][0]]
                title = f"A taste of {country}: {rng.choice(FOODS)}"
                fields["pavilion"] = [pavilion["slug"]]
                fields["place"] = ", ".join(
                    part for part in (pavilion["name"], pavilion["location"]) if part
                )
                fields["sectors"] = [["food-products"]]
                speakers = self.pick(pool, rng.choice([0, 1]))
            else:
                kind = Session.Kind.TALK
        if kind == Session.Kind.LAUNCH:
            k = rng.choice(exhibitors)
            launch = self.next_launch((self.exhibitors[k]["slug"], exhibition["slug"]))
            if launch:
                self.launched.add(launch["slug"])
                self.shown_slugs.add(launch["slug"])
                host = k
                title = f"Launch: {launch['name']}"
                fields["showcases"] = [[launch["slug"]]]
                fields["sectors"] = launch["sectors"][:2]
                own = [p for p in pool if self.person_exhibitor[p] == k]
                speakers = self.pick(own, 1) if own else []
            else:
                kind = Session.Kind.TALK
        if kind in (Session.Kind.TALK, Session.Kind.WORKSHOP):
            speakers = self.pick(pool, 1 if kind == Session.Kind.TALK else rng.choice([1, 2]))
            k = self.person_exhibitor[speakers[0]] if speakers else None
            host = k if k is not None else rng.choice(exhibitors)
            sector = self.exhibitors[host]["_sector"]
            products = plural(rng.choice(self.vocabulary(sector)[1]))
            market = rng.choice(MARKETS)
            if kind == Session.Kind.TALK:
                title = f"{rng.choice(ADJECTIVES)} {products} for {market}"
            else:
                title = rng.choice(WORKSHOP_TITLES).format(products=products, market=market)
            fields["sectors"] = self.exhibitors[host]["sectors"][:2]
            shown = self.first_shown.get((self.exhibitors[host]["slug"], exhibition["slug"]), [])
            fields["showcases"] = [[slug] for slug in shown[: rng.choice([0, 1, 1, 2])]]
            self.shown_slugs.update(s for [s] in fields["showcases"])
        if kind == Session.Kind.PANEL:
            moderators = self.pick(pool, 1)
            speakers = self.pick(pool, rng.randint(3, 4), moderators)
            sector = self.exhibitors[rng.choice(exhibitors)]["_sector"]
            title = rng.choice(PANEL_TITLES).format(
                sector=self.sector_names[self.top(sector)].lower(),
                products=plural(rng.choice(self.vocabulary(sector)[1])),
                market=rng.choice(MARKETS),
            )
            title = title[:1].upper() + title[1:]
            fields["sectors"] = [[self.top(sector)]]
        if kind == Session.Kind.FORUM:
            sector = self.top(self.exhibitors[rng.choice(exhibitors)]["_sector"])
            title = f"{self.sector_names[sector]} Forum"
            if rng.random() < 0.4:
                title += f": {exhibition['theme'].lower()}"
            speakers = self.pick(pool, rng.randint(3, 6))
            moderators = self.pick(pool, 1, speakers) if rng.random() < 0.7 else []
            participants = self.pick(self.guests, rng.randint(0, 3), speakers + moderators)
            fields["sectors"] = [[sector]]
        if kind == Session.Kind.CEREMONY:
            if not ceremony:
                countries = rng.sample(self.country_codes[:12], 2)
                title = (
                    f"Signing ceremony: {self.country_names[countries[0]]} and "
                    f"{self.country_names[countries[1]]} partners"
                )
            speakers = self.pick(self.guests, rng.randint(2, 3)) or self.pick(pool, 2)
            participants = self.pick(pool, rng.randint(2, 5), speakers)
        if "place" not in fields:
            if host is not None and rng.random() < 0.4:
                pavilion = self.stand_pavilion.get(
                    (self.exhibitors[host]["slug"], exhibition["slug"])
                )
                if pavilion:
                    fields["pavilion"] = [pavilion]
                    fields["place"] = f"{self.pavilions[pavilion]['name']} stage"
            if "place" not in fields:
                fields["place"] = "Congress Hall" if ceremony else rng.choice(ROOMS)

        day_date = exhibition["starts_on"] + timedelta(days=day)
        starts_at = ends_at = None
        session_date = day_date
        if rng.random() < UNTIMED_SHARE and not ceremony:
            if rng.random() < 0.25:
                session_date = None
        else:
            starts_at, ends_at = self.session_times(i, day_date, kind, ceremony=ceremony)
        slug = f"{exhibition['slug']}-{slugify(title)[:60].strip('-')}-{number}"
        summary = self.session_summary(kind, title, exhibition, host, launch)
        self.add(
            Session,
            exhibition=[exhibition["slug"]],
            slug=slug,
            original_language=exhibition["original_language"],
            title=title[:200],
            kind=kind,
            date=session_date,
            starts_at=starts_at,
            ends_at=ends_at,
            place=fields["place"],
            pavilion=fields["pavilion"],
            summary=summary[:300],
            description=(
                f"{summary} Part of the programme of {exhibition['name']}, {fair['venue']}. "
                + (
                    "Times are local. "
                    if starts_at
                    else "The organisers have not published its time. "
                )
            ),
            sectors=fields["sectors"],
            showcases=fields["showcases"],
            sources=[self.source_key],
            source_notes="",
            published=rng.random() < 0.98,
        )
        position = 0
        for role, people in (
            (SessionPerson.Role.MODERATOR, moderators),
            (SessionPerson.Role.SPEAKER, speakers),
            (SessionPerson.Role.PARTICIPANT, participants),
        ):
            for p in people:
                position += 1
                self.person_exhibitions[p].add(i)
                self.add(
                    SessionPerson,
                    session=[slug],
                    person=[self.people[p]["slug"]],
                    role=role,
                    position=position,
                    note="",
                )
        if launch is not None:
            self.add_participation(
                i, host, Participation.Kind.LAUNCH, slug, f"Launched the {launch['name']} here."
            )
        seen = {host} if launch is not None else set()
        for p in speakers:
            k = self.person_exhibitor[p]
            if k is not None and k not in seen and i in self.stands_of[k] and rng.random() < 0.5:
                seen.add(k)
                self.add_participation(
                    i,
                    k,
                    Participation.Kind.SESSION,
                    slug,
                    f"Its {self.person_title[p].lower()} spoke at the {kind.label.lower()}.",
                )

    def session_summary(self, kind, title, exhibition, host, launch):
        if launch is not None:
            text = f"{self.exhibitors[host]['name']} launches the {launch['name']}"
        elif kind == Session.Kind.TASTING:
            text = f"{title}: the pavilion's organisers invite visitors to taste"
        elif kind == Session.Kind.CEREMONY:
            text = f"{title} of {exhibition['name']}"
        elif kind == Session.Kind.FORUM:
            text = f"Makers, researchers and officials on {title.removesuffix(' Forum').lower()}"
        elif kind == Session.Kind.PANEL:
            text = f"A panel debate: {title.removeprefix('Panel: ')}"
        elif kind == Session.Kind.WORKSHOP and host is not None:
            text = f"A workshop with {self.exhibitors[host]['name']}: {title.split(': ', 1)[-1]}"
        elif host is not None:
            text = f"{self.exhibitors[host]['name']} on {title[:1].lower()}{title[1:]}"
        else:
            text = title
        return text if text.endswith((".", "?", "!")) else f"{text}."

    def pick(self, pool, count, exclude=()):
        """Up to ``count`` different people of ``pool`` (falling back to everyone), none of
        ``exclude``."""
        rng = self.rng
        chosen = []
        for candidates in (pool, range(len(self.people))):
            tries = 0
            while len(chosen) < count and candidates and tries < 4 * count:
                tries += 1
                p = candidates[rng.randrange(len(candidates))]
                if p not in chosen and p not in exclude:
                    chosen.append(p)
        return chosen

    def session_times(self, i, day, kind, ceremony):
        """Aware start and end, on ``day`` within the fair's opening hours in its time zone."""
        rng = self.rng
        fair = self.fair_of[i]
        opens, closes = (hour * 60 for hour in fair["hours"])
        duration = rng.choice(DURATIONS[kind])
        if ceremony and day == self.exhibitions[i]["starts_on"]:
            start = opens + 30
        elif ceremony:
            start = closes - duration
        else:
            start = opens + 15 * rng.randrange((closes - duration - opens) // 15 + 1)
        zone = ZoneInfo(fair["time_zone"])
        starts_at = datetime.combine(day, clock(start // 60, start % 60), tzinfo=zone)
        if rng.random() < NO_END_SHARE and not ceremony:
            return starts_at, None
        return starts_at, starts_at + timedelta(minutes=duration)

    def add_participation(self, i, k, kind, session, role, pavilion=None):
        self.participation_count += 1
        exhibitor = self.exhibitors[k]
        self.add(
            Participation,
            slug=f"{exhibitor['slug'][:100]}-{kind}-{self.participation_count}",
            exhibition=[self.exhibitions[i]["slug"]],
            organisation=[exhibitor["slug"]],
            kind=kind,
            session=[session] if session else None,
            pavilion=[pavilion] if pavilion else None,
            role=role,
            sources=[self.source_key],
            source_notes="",
        )

    def build_organisers(self, i, exhibitors):
        """Public bodies and associations at an edition organise their country's pavilion, and
        one of the host country's co-organises the edition."""
        rng = self.rng
        bodies = defaultdict(list)  # country code -> [exhibitor index]
        for k in exhibitors:
            exhibitor = self.exhibitors[k]
            if exhibitor["kind"] in (Exhibitor.Kind.PUBLIC_BODY, Exhibitor.Kind.ASSOCIATION):
                bodies[exhibitor["countries"][0][0]].append(k)
        for (j, code), pavilion in sorted(self.national_pavilions.items()):
            if j == i and bodies[code]:
                name = self.pavilions[pavilion]["name"]
                self.add_participation(
                    i,
                    rng.choice(bodies[code]),
                    Participation.Kind.ORGANISER,
                    None,
                    f"Organised the {name}.",
                    pavilion=pavilion,
                )
        host = bodies[self.fair_of[i]["country"]]
        if host:
            self.add_participation(
                i,
                rng.choice(host),
                Participation.Kind.ORGANISER,
                None,
                "Co-organiser of the exhibition.",
            )

    def build_key_figures(self):
        exhibitors = defaultdict(int)
        countries = defaultdict(set)
        for k, attended in enumerate(self.stands_of):
            for i in attended:
                exhibitors[i] += 1
                countries[i].update(c[0] for c in self.exhibitors[k]["countries"])
        for i, exhibition in enumerate(self.exhibitions):
            shown, premieres = self.showcase_counts[i]
            figures = [
                (exhibitors[i], "exhibitors"),
                (len(countries[i]), "countries and regions"),
                (shown, "products and technologies on show"),
                (premieres, "premieres"),
            ]
            for position, (value, label) in enumerate(figures, start=1):
                self.add(
                    KeyFigure,
                    exhibition=[exhibition["slug"]],
                    position=position,
                    value=value,
                    qualifier=KeyFigure.Qualifier.EXACT,
                    label=label,
                    source=self.source_key,
                )


@dataclass
class PavilionGroup:
    """A pavilion's stands laid out together: its area's size and, once on a hall's floor, its
    corner; ``stands``: ``(stand, x, y, width, depth)`` from the area's corner."""

    pavilion: dict
    width: int
    depth: int
    stands: list
    x: int = 0
    y: int = 0


def pavilion_group(pavilion, items, parts):
    """The area of ``pavilion`` with its stands ``items`` (``(width, depth, stand)``) in blocks,
    its ``parts`` (3 × 3 m each, no stand of their own) and an information desk around them."""
    items = sorted(items, key=lambda item: (-item[1], -item[0]))
    items += [(3, 3, None)] * parts + [(6, 3, None)]
    floor = sum(w * d for w, d, _ in items) * (BLOCK_DEPTH + PAVILION_AISLE) / BLOCK_DEPTH
    widest = max(w for w, _, _ in items)
    width = max(MIN_SECTION, 3 * math.ceil(math.sqrt(1.5 * floor) / 3))

    def fill(width):
        placed = []
        _, blocks = fill_blocks(
            items, 0, width, len(items), PAVILION_AISLE, placed, PAVILION_MARGIN, PAVILION_MARGIN
        )
        return blocks, placed

    blocks, placed = fill(width)
    # The narrowest width (in steps of 3 m) that needs no more blocks, so the last one is as full
    # as the others and the area has no empty end.
    low, high = math.ceil(widest / 3), width // 3 - 1
    while low <= high:
        middle = (low + high) // 2
        tried = fill(3 * middle)
        if tried[0] <= blocks:
            blocks, placed = tried
            high = middle - 1
        else:
            low = middle + 1
    return PavilionGroup(
        pavilion,
        width=max(x + w for _, x, _, w, _ in placed) + PAVILION_MARGIN,
        depth=2 * PAVILION_MARGIN + blocks * (BLOCK_DEPTH + PAVILION_AISLE) - PAVILION_AISLE,
        stands=[p for p in placed if p[0] is not None],
    )


def fitting_blocks(space, aisle):
    """How many blocks, with an aisle between two, fit in ``space`` metres."""
    return max(0, (space + aisle) // (BLOCK_DEPTH + aisle))


def fill_blocks(items, first, width, limit, aisle, out, x0, y0):
    """Place ``items[first:]`` (``(width, depth, stand)`` each) in at most ``limit`` blocks of
    ``width`` metres whose top-left corner is ``(x0, y0)``, ``aisle`` metres apart.

    A block holds two rows of 3 m deep stands back to back, or islands as deep as the block
    across both. Each stand goes in the first block with room for it, in its shorter row. Appends
    ``(stand, x, y, width, depth)`` to ``out``; returns the index of the first item left out
    (when the blocks are full) and the number of blocks used.
    """
    tops, bottoms = [], []  # per block: where its north and south rows end
    pitch = BLOCK_DEPTH + aisle
    n = first
    while n < len(items):
        w, d, stand = items[n]
        for b, (top, bottom) in enumerate(zip(tops, bottoms, strict=True)):
            if d == BLOCK_DEPTH:
                at = max(top, bottom)
                if at + w <= width:
                    tops[b] = bottoms[b] = at + w
                    out.append((stand, x0 + at, y0 + b * pitch, w, d))
                    break
            elif top <= bottom and top + w <= width:
                tops[b] = top + w
                out.append((stand, x0 + top, y0 + b * pitch, w, d))
                break
            elif bottom < top and bottom + w <= width:
                bottoms[b] = bottom + w
                out.append((stand, x0 + bottom, y0 + b * pitch + BLOCK_DEPTH - d, w, d))
                break
        else:
            if len(tops) == limit or w > width:
                break
            b = len(tops)
            tops.append(w)
            bottoms.append(w if d == BLOCK_DEPTH else 0)
            out.append((stand, x0, y0 + b * pitch, w, d))
        n += 1
    return n, len(tops)


def sessions_per_day(exhibitors):
    """How many sessions a day an edition with ``exhibitors`` exhibitors has in its programme."""
    return max(MIN_SESSIONS_PER_DAY, round(SESSIONS_PER_DAY_PER_1000 * exhibitors / 1000))


def ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@contextmanager
def given_timestamps(*models):
    """Keep the ``created_at`` values set on the objects instead of stamping the current time."""
    fields = [model._meta.get_field("created_at") for model in models]
    saved = [field.auto_now_add for field in fields]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, value in zip(fields, saved, strict=True):
            field.auto_now_add = value


def key_field(model):
    """The field other records name a row of ``model`` by: the ISO code for countries, else the slug."""
    return "code" if model is Country else "slug"


def record_key(model, fields):
    return fields[key_field(model)]


def demo_querysets():
    """Querysets of the demo rows, in an order that deletes cleanly."""
    demo = {"slug__startswith": PREFIX}
    return [
        Participation.objects.filter(**demo),
        SessionPerson.objects.filter(session__slug__startswith=PREFIX),
        Session.objects.filter(**demo),
        Quote.objects.filter(**demo),
        Showcase.objects.filter(**demo),
        Stand.objects.filter(exhibitor__slug__startswith=PREFIX),
        Exhibitor.objects.filter(**demo),
        Pavilion.objects.filter(**demo),
        Hall.objects.filter(**demo),
        Person.objects.filter(**demo),
        Exhibition.objects.filter(**demo),
        Sector.objects.filter(parent__isnull=False, **demo),
        Sector.objects.filter(**demo),
        Source.objects.filter(**demo),
    ]


def demo_row_counts():
    """How many demo rows of each kind the database holds (kinds with none left out)."""
    counts = {}
    for model in (
        Exhibition,
        Exhibitor,
        Showcase,
        Session,
        Participation,
        Hall,
        Pavilion,
        Person,
        Sector,
        Source,
    ):
        n = model.objects.filter(slug__startswith=PREFIX).count()
        if n:
            counts[model._meta.verbose_name_plural] = n
    return counts


# --- Images ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoImage:
    """One picture to draw: for which row and field, what to draw, where to store it."""

    model: type
    slug: str
    field: str  # "logo" or "image"
    kind: str  # "logo", "showcase" or "pavilion"
    name: str  # the record's name, which fixes the colours
    seed: str  # seeds the picture's own random generator
    path: str  # name in media storage
    alt: str = ""  # for image_alt; logos have no alt field (pages say "<name> logo")
    motif: str = ""  # showcases: what the illustration hints at
    hue: float | None = None  # showcases: the colours of their sector


def demo_media_folder():
    """This database's folder for demo images: ``demo/<database name>-<hash of its address>``."""
    database = connections[router.db_for_write(Exhibitor)].settings_dict
    address = "|".join(str(database.get(key) or "") for key in ("ENGINE", "HOST", "PORT", "NAME"))
    digest = hashlib.sha256(address.encode("utf-8")).hexdigest()[:8]
    name = slugify(Path(str(database.get("NAME") or "")).name)[:16].strip("-") or "db"
    return posixpath.join(DEMO_MEDIA, f"{name}-{digest}")


def image_path(root, folder, slug, extension, seed):
    """``<root>/<folder>/<slug>-<hash>.<ext>``: short (image fields hold 100 characters), unique and
    the same on every run with this seed, so that storage never has to invent a name; the hash
    changes with the seed, as the picture does, so that no browser keeps showing an old one."""
    digest = hashlib.sha256(f"{seed}:{slug}".encode()).hexdigest()[:8]
    stem = slug.removeprefix(PREFIX)[:32].strip("-")
    return posixpath.join(root, folder, f"{stem}-{digest}.{extension}")


def illustration_alt(name):
    return f"Illustration for {name} (demo data)"[:300]


def plan_images(data, seed, root):
    """The pictures for the records of ``data``, stored under ``root``: which records get one
    follows from ``seed`` alone."""
    rng = random.Random(f"{seed}-images")  # apart from the rows' generator: same rows either way
    exhibitors = data.records[Exhibitor]
    showcases = data.count(Showcase)
    with_logo = sorted(rng.sample(range(len(exhibitors)), round(LOGO_SHARE * len(exhibitors))))
    with_image = set(rng.sample(range(showcases), round(SHOWCASE_IMAGE_SHARE * showcases)))
    plan = []
    for k in with_logo:
        record = exhibitors[k]
        plan.append(
            DemoImage(
                model=Exhibitor,
                slug=record["slug"],
                field="logo",
                kind="logo",
                name=record["name"],
                seed=f"{seed}:{record['slug']}",
                path=image_path(root, "logos", record["slug"], "png", seed),
            )
        )
    for k, record in enumerate(data.model_records(Showcase)):
        if k not in with_image:
            continue
        sector = data.top(record["sectors"][0][0]) if record["sectors"] else ""
        plan.append(
            DemoImage(
                model=Showcase,
                slug=record["slug"],
                field="image",
                kind="showcase",
                name=record["name"],
                seed=f"{seed}:{record['slug']}",
                path=image_path(root, "showcases", record["slug"], "jpg", seed),
                alt=illustration_alt(record["name"]),
                motif=demo_images.MOTIFS.get(sector, "network"),
                hue=demo_images.name_hue(sector) if sector else None,
            )
        )
    for record in data.records[Pavilion]:
        plan.append(
            DemoImage(
                model=Pavilion,
                slug=record["slug"],
                field="image",
                kind="pavilion",
                name=record["name"],
                seed=f"{seed}:{record['slug']}",
                path=image_path(root, "pavilions", record["slug"], "jpg", seed),
                alt=illustration_alt(record["name"]),
            )
        )
    return plan


def render_image(job):
    """Draw ``job`` and prepare it as an upload is (cleaned master, renditions): a ``PreparedImage``."""
    rng = random.Random(job.seed)
    if job.kind == "logo":
        data = demo_images.draw_logo(job.name, rng)
    elif job.kind == "showcase":
        data = demo_images.draw_illustration(job.name, job.motif, rng, hue=job.hue)
    else:
        data = demo_images.draw_pavilion(job.name, rng)
    field = job.model._meta.get_field(job.field)
    return prepare_image(ContentFile(data, name=posixpath.basename(job.path)), field.card_fit)


def image_workers():
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def demo_storage():
    return Exhibitor._meta.get_field("logo").storage


def demo_media_files(storage, folder):
    """Names of every file under ``folder`` of media storage (none if it does not exist)."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = [posixpath.join(folder, f) for f in files]
    for sub in folders:
        names += demo_media_files(storage, posixpath.join(folder, sub))
    return names


def delete_demo_media(root):
    """Remove the folder ``root`` of media storage; return how many files it held."""
    storage = demo_storage()
    names = demo_media_files(storage, root)
    for name in names:
        storage.delete(name)
    try:  # local storage keeps empty folders: remove them too
        path = storage.path(root)
    except NotImplementedError:  # a bucket has no folders
        return len(names)
    for folder in [*(f for f, _, _ in sorted(os.walk(path), reverse=True)), os.path.dirname(path)]:
        try:
            os.rmdir(folder)
        except OSError:  # not empty (the demo folder of another database), or gone
            pass
    return len(names)


class Command(BaseCommand):
    help = (
        "Generate a deterministic demo directory (slugs starting 'demo-'): exhibitions, pavilions, "
        "exhibitors, stands, showcases, people and a programme of sessions, into the database or, "
        "with --output, a fixture file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--exhibitors", type=int, default=1000, help="How many (default 1000).")
        parser.add_argument(
            "--showcases", type=int, default=None, help="How many (default 5 per exhibitor)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete existing demo rows (slugs starting 'demo-') and demo images first.",
        )
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Only delete the demo rows and demo images; generate nothing.",
        )
        parser.add_argument(
            "--output",
            metavar="FILE.json",
            help="Write the records to this fixture file (natural keys) instead of the database.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"Rows per insert statement (default {DEFAULT_BATCH_SIZE}).",
        )
        parser.add_argument(
            "--images",
            action=argparse.BooleanOptionalAction,
            default=False,
            help=(
                "Draw demo logos (70%% of the exhibitors) and illustrations (60%% of the showcases, "
                "every pavilion), stored with their renditions under demo/ in media storage "
                "(default: --no-images)."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Build the records and report; write nothing."
        )

    def handle(self, *args, **options):
        exhibitors = options["exhibitors"]
        showcases = options["showcases"] if options["showcases"] is not None else 5 * exhibitors
        if exhibitors < 1 or exhibitors > 1_000_000:
            raise CommandError("--exhibitors must be between 1 and 1,000,000.")
        if showcases < 0 or showcases > 5_000_000:
            raise CommandError("--showcases must be between 0 and 5,000,000.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.verbosity = options["verbosity"]
        self.media_folder = demo_media_folder()
        if options["delete"]:
            self.handle_delete(options["dry_run"])
            return
        output = Path(options["output"]) if options["output"] else None
        if output and not output.parent.is_dir():
            raise CommandError(f"Cannot write {output}: folder {output.parent} does not exist.")
        if output and options["images"]:
            raise CommandError(
                "--images stores pictures in media storage, which --output does not touch; "
                "leave one of them out."
            )

        started = time.perf_counter()
        data = DemoData(exhibitors, showcases, options["seed"], options["batch_size"]).build()
        counts = {m._meta.verbose_name_plural: data.count(m) for m in MODEL_ORDER}
        self.step(f"built {sum(counts.values())} records", started)
        summary = ", ".join(f"{n} {name}" for name, n in counts.items() if n)

        images = plan_images(data, options["seed"], self.media_folder) if options["images"] else []
        if options["dry_run"]:
            target = str(output) if output else "the database"
            self.say(f"Dry run: would write {summary} to {target}.")
            if images:
                self.say(f"It would draw {self.image_summary(images)}.")
            return
        if output:
            self.write_file(data, output)
            self.say(
                self.style.SUCCESS(
                    f"Wrote {summary} to {output} in {time.perf_counter() - started:.1f} s."
                )
            )
            return

        with transaction.atomic(), one_change():  # one cache bump for the whole run
            existing = demo_row_counts()
            if existing and not options["replace"]:
                found = ", ".join(f"{n} {name}" for name, n in existing.items())
                raise CommandError(
                    f"Demo data is already in the database ({found} with slugs starting "
                    f"'{PREFIX}'). Run again with --replace to delete it and generate anew; "
                    f"other rows are not touched."
                )
            if existing:
                self.delete_demo_rows()
            self.write_database(data, options["batch_size"])
        # Committed: no row points into the demo folder any more (or ever did, on a first run).
        self.delete_demo_media()
        self.say(
            self.style.SUCCESS(
                f"Generated {summary} in {time.perf_counter() - started:.1f} s "
                f"(seed {options['seed']})."
            )
        )
        if images:
            self.write_images(images, options["batch_size"])

    def handle_delete(self, dry_run):
        existing = demo_row_counts()
        found = ", ".join(f"{n} {name}" for name, n in existing.items())
        files = len(demo_media_files(demo_storage(), self.media_folder))
        if files:
            found += f"{', ' if found else ''}{files} demo image files"
        if not existing and not files:
            self.say("No demo data to delete.")
        elif dry_run:
            self.say(f"Dry run: would delete {found} and what belongs to them.")
        else:
            with transaction.atomic():
                self.delete_demo_rows()
            delete_demo_media(self.media_folder)
            self.say(self.style.SUCCESS(f"Deleted {found} and what belonged to them."))

    def say(self, message):
        if self.verbosity:
            self.stdout.write(message)

    def step(self, message, since):
        if self.verbosity > 1:
            self.stdout.write(f"  {message}: {time.perf_counter() - since:.2f} s")

    def delete_demo_media(self):
        started = time.perf_counter()
        removed = delete_demo_media(self.media_folder)
        if removed:
            self.step(f"removed {removed} files under {self.media_folder}/", started)

    @staticmethod
    def image_summary(images):
        counts = defaultdict(int)
        for job in images:
            counts[job.kind] += 1
        return (
            f"{counts['logo']} logos, {counts['showcase']} showcase images and "
            f"{counts['pavilion']} pavilion images"
        )

    def write_images(self, images, batch_size):
        """Draw ``images`` in threads, store them with their renditions, then point the rows at them.

        If anything fails, the rows keep no image and the files written so far are removed.
        """
        started = time.perf_counter()
        storage = demo_storage()
        rows = defaultdict(list)  # model -> [instance carrying the new field values]
        ids = {
            model: dict(model.objects.filter(slug__startswith=PREFIX).values_list("slug", "pk"))
            for model in {job.model for job in images}
        }
        try:
            with ThreadPoolExecutor(image_workers()) as pool:
                for first in range(0, len(images), IMAGE_CHUNK):
                    chunk = images[first : first + IMAGE_CHUNK]
                    for job, prepared in zip(chunk, pool.map(render_image, chunk), strict=True):
                        field = job.model._meta.get_field(job.field)
                        name = storage.save(
                            job.path, ContentFile(prepared.master), max_length=field.max_length
                        )
                        write_renditions(storage, name, prepared)
                        values = {
                            job.field: name,
                            field.width_field: prepared.width,
                            field.height_field: prepared.height,
                        }
                        if job.alt:
                            values["image_alt"] = job.alt
                        # A new instance, so assigning the file does not read it back for its size.
                        rows[job.model].append(job.model(pk=ids[job.model][job.slug], **values))
                    if self.verbosity > 1 and first // IMAGE_CHUNK % 16 == 15:
                        done = first + len(chunk)
                        self.step(f"drew {done} of {len(images)} images", started)
            with transaction.atomic(), one_change():
                for model, objects in rows.items():
                    model.objects.bulk_update(
                        objects, self.image_fields(model), batch_size=min(batch_size, 500)
                    )
        except BaseException as exc:
            delete_demo_media(self.media_folder)
            if isinstance(exc, Exception):
                raise CommandError(
                    f"Drawing the demo images failed ({exc}); the demo rows were kept without "
                    f"images, and no image files were left behind."
                ) from exc
            raise
        seconds = time.perf_counter() - started
        self.say(
            self.style.SUCCESS(
                f"Drew {self.image_summary(images)} in {seconds:.1f} s "
                f"({len(images) / seconds:.1f} images a second), under {self.media_folder}/ in "
                f"media storage."
            )
        )

    @staticmethod
    def image_fields(model):
        if model is Exhibitor:
            return ["logo", "logo_width", "logo_height"]
        return ["image", "image_width", "image_height", "image_alt"]

    def write_file(self, data, output):
        started = time.perf_counter()
        try:
            with output.open("w", encoding="utf-8") as f:
                f.write("[\n")
                first = True
                for record in data.fixture_records():
                    if not first:
                        f.write(",\n")
                    f.write(json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False))
                    first = False
                f.write("\n]\n")
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc}") from exc
        self.step(f"wrote {output}", started)

    def delete_demo_rows(self):
        started = time.perf_counter()
        try:
            with one_change():  # one cache bump, not one per deleted row
                for queryset in demo_querysets():
                    queryset.delete()
        except ProtectedError as exc:
            raise CommandError(
                f"Cannot delete the demo data: other rows depend on it ({exc.args[0]})"
            ) from exc
        self.step("deleted the previous demo rows", started)

    def write_database(self, data, batch_size):
        """Insert the records in bulk, turning natural keys into ids as the rows go in.

        With English active: django-modeltranslation reads a translated field's column (``name``)
        through the active language's (``name_en``), which ``insert`` fills with the English."""
        ids = defaultdict(dict)  # model -> key (slug or code) -> id
        for model in SHARED_MODELS:
            ids[model] = dict(model.objects.values_list(key_field(model), "pk"))
        with given_timestamps(Exhibitor, Showcase), translation.override(DEFAULT_LANGUAGE):
            for model in MODEL_ORDER:
                started = time.perf_counter()
                if model is Showcase:
                    created = self.insert_showcases(data, ids, batch_size)
                else:
                    records = data.records[model]
                    if model in SHARED_MODELS:
                        records = [r for r in records if record_key(model, r) not in ids[model]]
                    created = self.insert(model, records, ids, batch_size)
                self.step(f"{model._meta.label}: {created} rows", started)

    def insert_showcases(self, data, ids, batch_size):
        """Write the showcases a chunk at a time, as ``data`` reads them back: with ``COPY`` on
        PostgreSQL (``demo_copy.CopyWriter``, search vectors made as the rows go in),
        ``bulk_create`` elsewhere. Only the ids of the showcases sessions name are kept."""
        keep = data.shown_slugs
        connection = connections[router.db_for_write(Showcase)]
        created = 0
        if connection.vendor != "postgresql":
            for chunk in data.showcase_chunks(batch_size):
                created += self.insert(Showcase, chunk, ids, batch_size, keep)
            return created
        writer = demo_copy.CopyWriter(connection, Showcase, ids)
        started = time.perf_counter()
        tables = [Showcase._meta.db_table, Showcase.sectors.through._meta.db_table]
        with demo_copy.without_indexes(connection, tables), writer.making_search_vectors():
            for chunk in data.showcase_chunks(batch_size):
                ids[Showcase].update(writer.write(chunk, keep))
                created += len(chunk)
                if self.verbosity > 1 and created // len(chunk) % 100 == 0:
                    self.step(f"copied {created} showcases", started)
            self.step(f"copied {created} showcases", started)
        self.step(f"made the indexes and checked the foreign keys of {created} showcases", started)
        return created

    def insert(self, model, records, ids, batch_size, keep=None):
        fields = {f.name: f for f in [*model._meta.fields, *model._meta.many_to_many]}
        # Each translated field's English column holds its English text, as saving would make it.
        english = {name: column(name, DEFAULT_LANGUAGE) for name in translated_fields(model)}
        objects, links = [], []
        self_referencing = any(f.many_to_one and f.related_model is model for f in fields.values())
        for record in records:
            values, m2m = {}, {}
            for name, value in record.items():
                field = fields[name]
                if field.many_to_many:
                    m2m[field] = value
                elif field.many_to_one:
                    values[field.attname] = ids[field.related_model][value[0]] if value else None
                else:
                    values[name] = value
                    if name in english:
                        values[english[name]] = value
            obj = model(**values)
            if self_referencing:  # parents first, so each row can point to one already saved
                obj.save(force_insert=True)
                ids[model][record_key(model, record)] = obj.pk
            objects.append(obj)
            links.append(m2m)
        if not self_referencing:
            model.objects.bulk_create(objects, batch_size=batch_size)
            if model in KEYED_MODELS:
                for obj, record in zip(objects, records, strict=True):
                    key = record_key(model, record)
                    if keep is None or key in keep:
                        ids[model][key] = obj.pk
        through_rows = defaultdict(list)
        for obj, m2m in zip(objects, links, strict=True):
            for field, keys in m2m.items():
                through = field.remote_field.through
                source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
                for key in keys:
                    other = ids[field.related_model][key[0]]
                    through_rows[through].append(
                        through(**{f"{source}_id": obj.pk, f"{target}_id": other})
                    )
                    if field.related_model is model and field.remote_field.symmetrical:
                        through_rows[through].append(
                            through(**{f"{source}_id": other, f"{target}_id": obj.pk})
                        )
        for through, rows in through_rows.items():
            through.objects.bulk_create(rows, batch_size=batch_size, ignore_conflicts=True)
        return len(objects)
