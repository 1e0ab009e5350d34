"""Provinces by their GB/T 2260 code (the first two digits of an administrative division code)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    BEIJING = "11", _("北京市")
    TIANJIN = "12", _("天津市")
    HEBEI = "13", _("河北省")
    SHANXI = "14", _("山西省")
    INNER_MONGOLIA = "15", _("内蒙古自治区")
    LIAONING = "21", _("辽宁省")
    JILIN = "22", _("吉林省")
    HEILONGJIANG = "23", _("黑龙江省")
    SHANGHAI = "31", _("上海市")
    JIANGSU = "32", _("江苏省")
    ZHEJIANG = "33", _("浙江省")
    ANHUI = "34", _("安徽省")
    FUJIAN = "35", _("福建省")
    JIANGXI = "36", _("江西省")
    SHANDONG = "37", _("山东省")
    HENAN = "41", _("河南省")
    HUBEI = "42", _("湖北省")
    HUNAN = "43", _("湖南省")
    GUANGDONG = "44", _("广东省")
    GUANGXI = "45", _("广西壮族自治区")
    HAINAN = "46", _("海南省")
    CHONGQING = "50", _("重庆市")
    SICHUAN = "51", _("四川省")
    GUIZHOU = "52", _("贵州省")
    YUNNAN = "53", _("云南省")
    TIBET = "54", _("西藏自治区")
    SHAANXI = "61", _("陕西省")
    GANSU = "62", _("甘肃省")
    QINGHAI = "63", _("青海省")
    NINGXIA = "64", _("宁夏回族自治区")
    XINJIANG = "65", _("新疆维吾尔自治区")
    TAIWAN = "71", _("台湾省")
    HONG_KONG = "81", _("香港特别行政区")
    MACAO = "82", _("澳门特别行政区")


# Short names used in lists, including cities with separate plans (计划单列市) → their province.
SHORT_NAMES: dict[str, str] = {
    **{
        label.removesuffix("省")
        .removesuffix("市")
        .removesuffix("自治区")
        .removesuffix("特别行政区")
        .removesuffix("壮族")
        .removesuffix("回族")
        .removesuffix("维吾尔"): value
        for value, label in Province.choices
    },
    "内蒙古": "15",
    "广西": "45",
    "宁夏": "64",
    "新疆": "65",
    "西藏": "54",
    "大连": "21",
    "宁波": "33",
    "厦门": "35",
    "青岛": "37",
    "深圳": "44",
    "新疆生产建设兵团": "65",
    "新疆兵团": "65",
    "兵团": "65",
    "内蒙": "15",
}


CITIES_WITH_SEPARATE_PLANS = {"大连", "宁波", "厦门", "青岛", "深圳"}


def province_code(name: str) -> str | None:
    """The province code of a province or 计划单列市 name as lists write it, or None."""
    name = name.strip()
    for value, label in Province.choices:
        if name == label:
            return value
    return SHORT_NAMES.get(name)
