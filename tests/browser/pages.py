"""One URL of every public page type in the shipped data, for the whole-site browser checks."""

PAGE_TYPES = [
    "/",
    "/exhibitions/smart-china-expo-2022/",
    "/exhibitions/smart-china-expo-2022/plan/",  # no published positions: says so
    "/pavilions/",
    "/pavilions/belarus-pavilion-sce-2022/",
    "/exhibitors/",
    "/exhibitors/?country=cn&sector=autonomous-driving",
    "/exhibitors/zongshen-gomselmash/",
    "/showcases/",
    "/showcases/zongshen-gomselmash-products/",
    "/countries/",
    "/countries/by/",
    "/sectors/",
    "/sectors/agricultural-machinery/",
    "/search/?q=harvesters",
    "/programme/",
    "/exhibitions/smart-china-expo-2021/programme/?kind=forum",
    "/sessions/sce-2022-forum/",
    "/people/",
    "/people/nikolai-snopkov/",
]
