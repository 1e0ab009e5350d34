"""Provinces by their GB/T 2260 code (the first two digits of an administrative division code)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    BEIJING = "11", _("Beijing")
    TIANJIN = "12", _("Tianjin")
    HEBEI = "13", _("Hebei")
    SHANXI = "14", _("Shanxi")
    INNER_MONGOLIA = "15", _("Inner Mongolia")
    LIAONING = "21", _("Liaoning")
    JILIN = "22", _("Jilin")
    HEILONGJIANG = "23", _("Heilongjiang")
    SHANGHAI = "31", _("Shanghai")
    JIANGSU = "32", _("Jiangsu")
    ZHEJIANG = "33", _("Zhejiang")
    ANHUI = "34", _("Anhui")
    FUJIAN = "35", _("Fujian")
    JIANGXI = "36", _("Jiangxi")
    SHANDONG = "37", _("Shandong")
    HENAN = "41", _("Henan")
    HUBEI = "42", _("Hubei")
    HUNAN = "43", _("Hunan")
    GUANGDONG = "44", _("Guangdong")
    GUANGXI = "45", _("Guangxi")
    HAINAN = "46", _("Hainan")
    CHONGQING = "50", _("Chongqing")
    SICHUAN = "51", _("Sichuan")
    GUIZHOU = "52", _("Guizhou")
    YUNNAN = "53", _("Yunnan")
    TIBET = "54", _("Tibet")
    SHAANXI = "61", _("Shaanxi")
    GANSU = "62", _("Gansu")
    QINGHAI = "63", _("Qinghai")
    NINGXIA = "64", _("Ningxia")
    XINJIANG = "65", _("Xinjiang")
    TAIWAN = "71", _("Taiwan")
    HONG_KONG = "81", _("Hong Kong")
    MACAO = "82", _("Macao")


CHINESE_NAMES: dict[str, str] = {
    "北京市": "11",
    "天津市": "12",
    "河北省": "13",
    "山西省": "14",
    "内蒙古自治区": "15",
    "辽宁省": "21",
    "吉林省": "22",
    "黑龙江省": "23",
    "上海市": "31",
    "江苏省": "32",
    "浙江省": "33",
    "安徽省": "34",
    "福建省": "35",
    "江西省": "36",
    "山东省": "37",
    "河南省": "41",
    "湖北省": "42",
    "湖南省": "43",
    "广东省": "44",
    "广西壮族自治区": "45",
    "海南省": "46",
    "重庆市": "50",
    "四川省": "51",
    "贵州省": "52",
    "云南省": "53",
    "西藏自治区": "54",
    "陕西省": "61",
    "甘肃省": "62",
    "青海省": "63",
    "宁夏回族自治区": "64",
    "新疆维吾尔自治区": "65",
    "台湾省": "71",
    "香港特别行政区": "81",
    "澳门特别行政区": "82",
}

# Short names used in lists, including cities with separate plans (计划单列市) → their province.
SHORT_NAMES: dict[str, str] = {
    **{name.removesuffix("省").removesuffix("市"): code for name, code in CHINESE_NAMES.items()},
    "内蒙古": "15",
    "内蒙": "15",
    "广西": "45",
    "宁夏": "64",
    "新疆": "65",
    "西藏": "54",
    "香港": "81",
    "澳门": "82",
    "大连": "21",
    "宁波": "33",
    "厦门": "35",
    "青岛": "37",
    "深圳": "44",
    "新疆生产建设兵团": "65",
    "新疆兵团": "65",
    "兵团": "65",
}


CITIES_WITH_SEPARATE_PLANS = {"大连", "宁波", "厦门", "青岛", "深圳"}


def province_code(name: str) -> str | None:
    """The province code of a province or 计划单列市 name as lists write it, or None."""
    name = name.strip()
    return CHINESE_NAMES.get(name) or SHORT_NAMES.get(name)
